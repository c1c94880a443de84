#!/usr/bin/env bash
# The Vigil benchmark, in one command (see Benchmarks/README.md):
#
#   bash Benchmarks/run.sh [--records N] [--runs R] [--quick] [--seed S] [--jq-runs J]
#                          [--no-build] [--events] [--baseline REF]
#
# Builds vigil in release, installs the peers if they are missing (DuckDB's CLI from PyPI into
# Benchmarks/.venv, jq and GNU time from Debian), generates the data into Benchmarks/.data/
# (both ignored by git), runs vigil, DuckDB and jq on the same file, verifies that they found
# the same violations, and prints Markdown tables (also saved in Benchmarks/.data/).
# Not part of the test suite. --quick: 20,000 records, 1 run, small memory sizes.
# --events: the event-log benchmark instead (Benchmarks/events.py): cases of a help desk log.
# --baseline REF: vigil as it was at the git revision REF (built by Benchmarks/baseline.sh) runs
# beside this one, alternately, in the JSON Lines and CSV tables (and the event-log table):
# today's and the new figures side by side.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

records=1000000
records_set=0
runs=5
quick=0
build=1
events=0
baseline=""
baseline_args=()
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --records) records="$2"; records_set=1; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --quick) quick=1; shift ;;
    --no-build) build=0; shift ;;
    --events) events=1; shift ;;
    --baseline) baseline="$2"; shift 2 ;;
    --seed | --jq-runs | --csv-records | --memory-sizes | --policies)
      extra+=("$1" "$2"); shift 2 ;;
    -h | --help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$quick" = 1 ]; then
  # an explicit --records still wins over the quick default
  [ "$records_set" = 1 ] || records=20000
  runs=1
  extra+=(--quick)
fi

say() { printf '==> %s\n' "$*" >&2; }

# 1. vigil, in release
if [ "$build" = 1 ]; then
  say "building vigil (swift build -c release --static-swift-stdlib)"
  (cd "$root" && swift build -c release --static-swift-stdlib --product vigil >&2)
fi
built="$root/.build/release/vigil"
[ -x "$built" ] || { echo "run.sh: $built is missing; build it first" >&2; exit 1; }
# Measure a copy, so a rebuild during the benchmark cannot swap the binary between runs.
mkdir -p "$here/.data/bin"
vigil="$here/.data/bin/vigil"
cp "$built" "$vigil.tmp" && mv "$vigil.tmp" "$vigil"
"$vigil" check "$here/checks.vigil" >&2
if [ -n "$baseline" ]; then
  say "building vigil at $baseline (Benchmarks/baseline.sh)"
  built_before=$(bash "$here/baseline.sh" "$baseline")
  cp "$built_before" "$here/.data/bin/vigil-before.tmp" && mv "$here/.data/bin/vigil-before.tmp" "$here/.data/bin/vigil-before"
  baseline_args=(--baseline-vigil "$here/.data/bin/vigil-before" --baseline-label "$baseline")
  extra+=("${baseline_args[@]}")
fi

# 2. the peers: jq and GNU time from Debian, DuckDB from PyPI into a local virtual environment
missing=()
command -v jq > /dev/null || missing+=(jq)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} from Debian"
  if [ "$(id -u)" = 0 ]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >&2
fi
venv="$here/.venv"
duckdb_args=()
if [ ! -x "$venv/bin/duckdb" ] && ! { [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import duckdb' 2> /dev/null; }; then
  say "installing DuckDB from PyPI into $venv"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q duckdb-cli >&2 || "$venv/bin/pip" install -q duckdb >&2
fi
if [ -x "$venv/bin/duckdb" ]; then
  duckdb_args=(--duckdb "$venv/bin/duckdb")
else
  duckdb_args=(--duckdb-python "$venv/bin/python")
fi

# 3. the benchmark itself
if [ "$events" = 1 ]; then
  say "running the event-log benchmark (runs: $runs)"
  quick_flag=()
  [ "$quick" = 1 ] && quick_flag=(--quick)
  exec python3 "$here/events.py" --vigil "$vigil" "${duckdb_args[@]}" --runs "$runs" \
    --data-dir "$here/.data" "${quick_flag[@]}" "${baseline_args[@]}"
fi
say "running the benchmark (records: $records, runs: $runs)"
exec python3 "$here/bench.py" --vigil "$vigil" "${duckdb_args[@]}" --jq "$(command -v jq)" \
  --records "$records" --runs "$runs" --data-dir "$here/.data" "${extra[@]}"
