#!/usr/bin/env bash
# Instructions per record of `vigil audit`, counted by callgrind (stable on a noisy machine).
#
#   bash Benchmarks/callgrind.sh                    # builds release, checks.vigil over JSON Lines
#   bash Benchmarks/callgrind.sh --binary PATH      # measures that binary (no build)
#   bash Benchmarks/callgrind.sh --format csv --policies Benchmarks/events.vigil
#   bash Benchmarks/callgrind.sh --report accountability   # the report instead of the listing
#   bash Benchmarks/callgrind.sh --records 100000           # 100,000 and 200,000 records
#   bash Benchmarks/callgrind.sh --baseline REF   # a table: REF's vigil and this one side by side
#
# It audits 10,000 and 20,000 generated records (or N and 2N) with `--jobs 1` under
# `valgrind --tool=callgrind` and prints the difference divided by 10,000 (or N: the cost of
# one record, without the fixed cost of starting and compiling), and the fixed cost.
# With --baseline REF it builds vigil as it was at the revision REF (Benchmarks/baseline.sh)
# and prints a Markdown table of four measures for both: JSON Lines with the five checks, the
# four record checks alone (the group policy left out), CSV, and --report accountability.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=""
baseline=""
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
    --baseline) baseline="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "callgrind.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

command -v valgrind >/dev/null || { echo "callgrind.sh: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
if [ -z "$binary" ]; then
  swift build -c release --static-swift-stdlib --product vigil >&2
  binary=.build/release/vigil
fi

data=Benchmarks/.data
mkdir -p "$data"
# count BINARY POLICIES FORMAT RECORDS OUTPUT...: the instructions of one audit.
count() {
  local binary=$1 policies=$2 format=$3 records=$4 file="$data/callgrind-$4.$3" out
  shift 4
  [ -s "$file" ] || python3 Benchmarks/generate.py --records "$records" --format "$format" --out "$file" >&2
  out=$(mktemp)
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$binary" audit "$policies" \
    --data "$file" --now 2026-11-25T00:00:00Z --jobs 1 "$@" -o /dev/null 2>"$out" || true
  grep -o 'Collected : [0-9]*' "$out" | grep -o '[0-9]*$'
  rm -f "$out"
}
# per_record BINARY POLICIES FORMAT OUTPUT...: "PER FIXED", the cost of one record and the rest.
per_record() {
  local binary=$1 policies=$2 format=$3 small large per
  shift 3
  small=$(count "$binary" "$policies" "$format" "$records" "$@")
  large=$(count "$binary" "$policies" "$format" $((records * 2)) "$@")
  per=$(( (large - small) / records ))
  echo "$per $(( small - per * records ))"
}
if [ -n "$baseline" ]; then
  before=$(bash Benchmarks/baseline.sh "$baseline")
  four="$data/four_checks.vigil"
  # checks.vigil without its group policy (the last one): the four record-level checks.
  awk '/^policy low_scores_per_owner:/ { exit } { print }' Benchmarks/checks.vigil > "$four"
  echo "Instructions per record (callgrind, $records and $((records * 2)) records, --jobs 1):"
  echo
  echo "| measure | vigil at $baseline | this vigil | change |"
  echo "|---|---:|---:|---:|"
  row() {
    local label=$1 a b
    shift
    read -r a _ < <(per_record "$before" "$@")
    read -r b _ < <(per_record "$binary" "$@")
    printf '| %s | %s | %s | %s |\n' "$label" "$a" "$b" \
      "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%+.1f%%", (b - a) * 100 / a }')"
  }
  row "JSON Lines, five checks, listed" Benchmarks/checks.vigil jsonl --format csv
  row "JSON Lines, four record checks, listed" "$four" jsonl --format csv
  row "CSV, five checks, listed" Benchmarks/checks.vigil csv --format csv
  row "JSON Lines, five checks, --report accountability" Benchmarks/checks.vigil jsonl \
    --report accountability
  exit 0
fi
read -r per fixed < <(per_record "$binary" "$policies" "$format" "${output[@]}")
echo "instructions per record: $per"
echo "fixed cost: $fixed instructions ($binary, $policies, $format, ${output[*]}, $records and $((records * 2)) records)"
