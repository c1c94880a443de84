#!/usr/bin/env bash
# Issue 16's measures in one run, the build at a revision and this one side by side:
#
#   bash Benchmarks/targets.sh --baseline aabd834      # the issue's "today's" build and this one
#   bash Benchmarks/targets.sh --baseline REF --runs 9 --skip events,check
#
# Builds vigil in release (and REF's with Benchmarks/baseline.sh), installs DuckDB's CLI into
# Benchmarks/.venv as run.sh does, then prints, with the machine named:
#   records    Benchmarks/targets.py: 1M JSON Lines and CSV records, alternating runs, medians
#              (five and four checks, one thread and all, the accountability report)
#   callgrind  Benchmarks/callgrind.sh --baseline REF: instructions per record
#   events     Benchmarks/events.py --baseline: the event logs against DuckDB
#   check      Benchmarks/check_scaling.sh for both builds: 200 and 2,000 policy files
# Meant for an idle machine; takes 15-25 minutes (the first build of REF a few more).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
baseline=""
runs=5
skip=","
while [ $# -gt 0 ]; do
  case "$1" in
    --baseline) baseline="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --skip) skip=",$2,"; shift 2 ;;
    -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "targets.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$baseline" ] || { echo "targets.sh: --baseline REF is needed (see --help)" >&2; exit 2; }
say() { printf '==> %s\n' "$*" >&2; }
wants() { [[ "$skip" != *",$1,"* ]]; }

say "building vigil (swift build -c release --static-swift-stdlib)"
(cd "$root" && swift build -c release --static-swift-stdlib --product vigil >&2)
mkdir -p "$here/.data/bin"
vigil="$here/.data/bin/vigil-targets"
cp "$root/.build/release/vigil" "$vigil.tmp" && mv "$vigil.tmp" "$vigil"
say "building vigil at $baseline (Benchmarks/baseline.sh)"
before=$(bash "$here/baseline.sh" "$baseline")

venv="$here/.venv"
if [ ! -x "$venv/bin/duckdb" ]; then
  say "installing DuckDB's CLI from PyPI into $venv"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q duckdb-cli >&2
fi
[ -x /usr/bin/time ] || { echo "targets.sh: GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 1; }

if wants records; then
  echo "## Records"
  python3 "$here/targets.py" --vigil "$vigil" --baseline-vigil "$before" \
    --baseline-label "$baseline" --duckdb "$venv/bin/duckdb" --runs "$runs"
  echo
fi
if wants callgrind; then
  echo "## Instructions per record (callgrind)"
  bash "$here/callgrind.sh" --baseline "$baseline"
  echo
fi
if wants events; then
  echo "## Event logs"
  python3 "$here/events.py" --vigil "$vigil" --duckdb "$venv/bin/duckdb" --runs "$runs" \
    --data-dir "$here/.data" --baseline-vigil "$before" --baseline-label "$baseline"
  echo
fi
if wants check; then
  echo "## vigil check"
  for binary in "$before" "$vigil"; do
    echo "$([ "$binary" = "$vigil" ] && echo now || echo "$baseline"):"
    bash "$here/check_scaling.sh" --binary "$binary" --runs 3
  done
fi
