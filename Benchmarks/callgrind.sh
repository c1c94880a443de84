#!/usr/bin/env bash
# Instructions per record of `vigil audit`, counted by callgrind (stable on a noisy machine).
#
#   bash Benchmarks/callgrind.sh                    # builds release, checks.vigil over JSON Lines
#   bash Benchmarks/callgrind.sh --binary PATH      # measures that binary (no build)
#   bash Benchmarks/callgrind.sh --format csv --policies Benchmarks/events.vigil
#   bash Benchmarks/callgrind.sh --report accountability   # the report instead of the listing
#   bash Benchmarks/callgrind.sh --records 100000           # 100,000 and 200,000 records
#
# It audits 10,000 and 20,000 generated records (or N and 2N) with `--jobs 1` under
# `valgrind --tool=callgrind` and prints the difference divided by 10,000 (or N: the cost of
# one record, without the fixed cost of starting and compiling), and the fixed cost.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=""
format=jsonl
policies=Benchmarks/checks.vigil
records=10000
output=(--format csv)
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --format) format="$2"; shift 2 ;;
    --policies) policies="$2"; shift 2 ;;
    --report) output=(--report "$2"); shift 2 ;;
    --records) records="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "callgrind.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

command -v valgrind >/dev/null || { echo "callgrind.sh: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
if [ -z "$binary" ]; then
  swift build -c release --product vigil >&2
  binary=.build/release/vigil
fi

data=Benchmarks/.data
mkdir -p "$data"
count() {
  local records=$1 file="$data/callgrind-$1.$format" out
  [ -s "$file" ] || python3 Benchmarks/generate.py --records "$records" --format "$format" --out "$file" >&2
  out=$(mktemp)
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$binary" audit "$policies" \
    --data "$file" --now 2026-11-25T00:00:00Z --jobs 1 "${output[@]}" -o /dev/null 2>"$out" || true
  grep -o 'Collected : [0-9]*' "$out" | grep -o '[0-9]*$'
  rm -f "$out"
}
small=$(count "$records")
large=$(count $((records * 2)))
per=$(( (large - small) / records ))
fixed=$(( small - per * records ))
echo "instructions per record: $per"
echo "fixed cost: $fixed instructions ($binary, $policies, $format, ${output[*]}, $records and $((records * 2)) records)"
