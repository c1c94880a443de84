#!/usr/bin/env bash
# How `vigil check` scales with the number of policies (see Benchmarks/README.md):
#
#   bash Benchmarks/check_scaling.sh                       # builds release; 200 and 2,000 files
#   bash Benchmarks/check_scaling.sh --sizes 200,2000,5000 --runs 5
#   bash Benchmarks/check_scaling.sh --binary PATH         # measures that binary (no build)
#   bash Benchmarks/check_scaling.sh --generate 1000 --out DIR   # only writes the files
#
# For each size N it writes N policy files into Benchmarks/.data/check-N/ (ignored by git),
# each with one `define` and one `policy` that uses it (names, fields and thresholds differ
# from file to file, so no two conditions are the same and the set checks with no warning),
# runs `vigil check` on the folder once to verify it passes, then RUNS more times, and prints
# the median wall time of each size and its ratio to the first size's.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=200,2000
runs=3
binary=""
generate=""
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --binary) binary="$2"; shift 2 ;;
    --generate) generate="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "check_scaling.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

# write_policies N DIR: N files DIR/pNNNN.vigil, one definition and one policy each.
write_policies() {
  local count="$1" dir="$2"
  rm -rf "$dir"
  mkdir -p "$dir"
  awk -v count="$count" -v dir="$dir" 'BEGIN {
    split("complaint enquiry purchase call", types, " ")
    split("email chat phone web letter", channels, " ")
    split("low medium high critical", severities, " ")
    split("escalate to owner|notify team|notify \"support-leads\"|flag", actions, "|")
    for (i = 0; i < count; i++) {
      file = sprintf("%s/p%04d.vigil", dir, i)
      kind = i % 4
      # A threshold no other file has: hours and minutes, never one unit alone.
      limit = sprintf("%dh%dm", 1 + int(i / 59), 1 + i % 59)
      printf "# Generated policy file %d of %d for the check benchmark.\n", i + 1, count > file
      if (kind == 0) {
        def = sprintf("unresolved_%04d", i)
        printf "define %s = from created_at until resolved_at\n\n", def > file
        cond = sprintf("type == \"%s\" and %s > %s", types[1 + i % 4], def, limit)
      } else if (kind == 1) {
        def = sprintf("awaiting_reply_%04d", i)
        printf "define %s = from created_at until first_response_at\n\n", def > file
        cond = sprintf("channel == \"%s\" and %s > %s", channels[1 + i % 5], def, limit)
      } else if (kind == 2) {
        def = sprintf("key_customer_%04d", i)
        printf "define %s = customer.tier == \"key\" and status != \"closed\"\n\n", def > file
        cond = sprintf("%s and rings > %d", def, 3 + i)
      } else {
        def = sprintf("awaiting_follow_up_%04d", i)
        printf "define %s = from created_at until follow_up_at\n\n", def > file
        cond = sprintf("resolved_at is present and %s > %s", def, limit)
      }
      printf "policy generated_%04d:\n", i > file
      printf "  %s → %s\n", cond, actions[1 + i % 4] > file
      printf "  severity: %s\n", severities[1 + i % 4] > file
      printf "  because: \"Generated policy %d for the check benchmark.\"\n", i > file
      close(file)
    }
  }'
}

if [ -n "$generate" ]; then
  [ -n "$out" ] || { echo "check_scaling.sh: --generate needs --out DIR" >&2; exit 2; }
  write_policies "$generate" "$out"
  exit 0
fi

if [ -z "$binary" ]; then
  swift build -c release --static-swift-stdlib --product vigil >&2
  binary=.build/release/vigil
fi

# median of the numbers on standard input
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "| policy files (one definition, one policy each) | median wall (s), $runs runs | × first size |"
echo "|---:|---:|---:|"
first=""
for size in ${sizes//,/ }; do
  dir=Benchmarks/.data/check-$size
  write_policies "$size" "$dir"
  if ! summary=$("$binary" check "$dir" 2>&1 >/dev/null | tail -1); then
    echo "check_scaling.sh: vigil check failed on $dir: $summary" >&2
    exit 1
  fi
  expected="vigil: $size policies checked: no errors, 0 warnings"
  [ "$summary" = "$expected" ] || { echo "check_scaling.sh: unexpected summary '$summary'" >&2; exit 1; }
  walls=""
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$binary" check "$dir" >/dev/null 2>&1
    end=$(date +%s%N)
    walls+="$(awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }')"$'\n'
  done
  wall=$(printf '%s' "$walls" | median)
  [ -n "$first" ] || first="$wall"
  ratio=$(awk -v a="$wall" -v b="$first" 'BEGIN { printf "%.1f", a / b }')
  printf '| %s | %.3f | %s |\n' "$size" "$wall" "$ratio"
done
