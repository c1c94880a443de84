#!/usr/bin/env bash
# Peak memory and wall time of `vigil audit` over help desk event logs sorted by case, whose
# cases the audit releases as it reads them (README, "Speed", event logs):
#
#   bash Benchmarks/events_sorted.sh                          # builds release, then measures it
#   bash Benchmarks/events_sorted.sh --binary PATH            # measures that binary (no build)
#   bash Benchmarks/events_sorted.sh --baseline REF           # REF's vigil beside this one
#   bash Benchmarks/events_sorted.sh --cases 200000,2000000   # the sizes (cases of 10 events)
#
# The logs are Benchmarks/events.py's (seed 7), ticket after ticket (`by_case`), kept in
# Benchmarks/.data/events-sorted/ (2,000,000 cases: 20M rows, 756 MB). Each binary audits
# each log with Benchmarks/events.vigil, the CSV listing, `--jobs 1` and `--jobs 2`, under GNU
# time (`%M`: the most memory resident); the listings must be byte for byte the same.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=""
baseline=""
sizes="200000,2000000"
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --baseline) baseline="$2"; shift 2 ;;
    --cases) sizes="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "events_sorted.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

[ -x /usr/bin/time ] || { echo "events_sorted.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
if [ -z "$binary" ]; then
  swift build -c release --static-swift-stdlib --product vigil >&2
  binary=.build/release/vigil
fi
data=Benchmarks/.data/events-sorted
mkdir -p "$data"
binaries=("$binary")
labels=(now)
if [ -n "$baseline" ]; then
  binaries=("$(bash Benchmarks/baseline.sh "$baseline")" "$binary")
  labels=("$baseline" now)
fi

echo "| cases × 10 events | vigil | --jobs | wall s | most memory MiB |"
echo "|---:|---|---:|---:|---:|"
for cases in ${sizes//,/ }; do
  file="$data/sorted-${cases}x10.csv"
  if [ ! -s "$file" ]; then
    (cd Benchmarks && python3 -c "import events, sys; events.generate(sys.argv[1], $cases, 10, 7, by_case=True)" \
      "../$file.tmp") >&2
    mv "$file.tmp" "$file"
  fi
  sums=()
  for index in "${!binaries[@]}"; do
    for jobs in 1 2; do
      out=$(mktemp)
      measured=$( { /usr/bin/time -f "%e %M" "${binaries[$index]}" audit Benchmarks/events.vigil \
        --data "$file" --now 2026-03-01T00:00:00Z --format csv --jobs "$jobs" -o "$out" \
        2>&1 >/dev/null || true; } | tail -1)
      read -r wall kib <<< "$measured"
      echo "| $cases | ${labels[$index]} | $jobs | $wall | $((kib / 1024)) |"
      sums+=("$(md5sum < "$out" | cut -d' ' -f1)")
      rm -f "$out"
    done
  done
  if [ "$(printf '%s\n' "${sums[@]}" | sort -u | wc -l)" != 1 ]; then
    echo "events_sorted.sh: the listings of $file differ" >&2
    exit 1
  fi
done
