#!/usr/bin/env bash
# Instructions per case and per event of `vigil audit` over help desk event logs, counted by
# callgrind (stable on a noisy machine):
#
#   bash Benchmarks/events_callgrind.sh                   # builds release, then measures it
#   bash Benchmarks/events_callgrind.sh --binary PATH     # measures that binary (no build)
#   bash Benchmarks/events_callgrind.sh --baseline REF    # REF's vigil and this one, side by side
#   bash Benchmarks/events_callgrind.sh --format json     # the JSON listing (default: CSV)
#   bash Benchmarks/events_callgrind.sh --sorted          # the same events, sorted by case
#
# It audits the logs of Benchmarks/events.py (seed 7) with Benchmarks/events.vigil, `--jobs 1`,
# under `valgrind --tool=callgrind`: 5,000 and 10,000 cases of 10 events (the difference
# divided by 5,000: one case with its events, judged and its violations written) and 2,500
# and 5,000 cases of 40 events (the difference divided by 100,000: one event, with a 40th of
# its case). With --sorted, the logs hold the same events ticket after ticket (`events.py`'s
# `by_case`), whose cases the audit releases as it reads them.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=""
baseline=""
format=csv
sorted=""
by_case=False
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --baseline) baseline="$2"; shift 2 ;;
    --format) format="$2"; shift 2 ;;
    --sorted) sorted="-sorted"; by_case=True; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "events_callgrind.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

command -v valgrind >/dev/null || { echo "events_callgrind.sh: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
if [ -z "$binary" ]; then
  swift build -c release --static-swift-stdlib --product vigil >&2
  binary=.build/release/vigil
fi

data=Benchmarks/.data/callgrind-events
mkdir -p "$data"
# count BINARY CASES EVENTS: the instructions of one audit of that log.
count() {
  local file="$data/events$sorted-$2x$3.csv" out
  if [ ! -s "$file" ]; then
    (cd Benchmarks && python3 -c "import events, sys; events.generate(sys.argv[1], $2, $3, 7, by_case=$by_case)" \
      "../$file.tmp") >&2
    mv "$file.tmp" "$file"
  fi
  out=$(mktemp)
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" audit Benchmarks/events.vigil \
    --data "$file" --now 2026-03-01T00:00:00Z --jobs 1 --format "$format" -o /dev/null \
    2>"$out" || true
  grep -o 'Collected : [0-9]*' "$out" | grep -o '[0-9]*$'
  rm -f "$out"
}
# measure BINARY: "PER_CASE PER_EVENT", the cost of a case of 10 events and of an event at 40.
measure() {
  local small large short long
  small=$(count "$1" 5000 10)
  large=$(count "$1" 10000 10)
  short=$(count "$1" 2500 40)
  long=$(count "$1" 5000 40)
  echo "$(((large - small) / 5000)) $(((long - short) / 100000))"
}

read -r per_case per_event <<< "$(measure "$binary")"
if [ -z "$baseline" ]; then
  echo "instructions per case of 10 events: $per_case"
  echo "instructions per event, 40 a case: $per_event"
  exit 0
fi
read -r before_case before_event <<< "$(measure "$(bash Benchmarks/baseline.sh "$baseline")")"
echo "| callgrind, --jobs 1, $format listing${sorted:+, sorted by case} | $baseline | now | change |"
echo "|---|---:|---:|---:|"
awk -v b="$before_case" -v n="$per_case" \
  'BEGIN { printf "| per case of 10 events (10k - 5k cases) | %d | %d | %+.0f%% |\n", b, n, 100 * (n - b) / b }'
awk -v b="$before_event" -v n="$per_event" \
  'BEGIN { printf "| per event, 40 a case (5k - 2.5k cases) | %d | %d | %+.0f%% |\n", b, n, 100 * (n - b) / b }'
