#!/usr/bin/env bash
# Compares two builds' reports byte for byte: every format, with one thread and two.
#
#   bash Benchmarks/compare_reports.sh OLD NEW DATA… [-- AUDIT OPTIONS…]
#
# OLD and NEW are vigil binaries (e.g. main's release build and this tree's). Each DATA file is
# audited by both with Benchmarks/checks.vigil (or --policies FILE among the options) at
# --now 2026-11-25T00:00:00Z, --report accountability unless the options give another
# report, in text, JSON, CSV and HTML, with --jobs 1 and --jobs 2; the outputs (standard output
# and standard error) must be identical, and each build's --jobs 1 and --jobs 2 identical too
# (the HTML report's "Generated" instant, the clock's, is left out).
# Prints one line per comparison and exits 1 on any difference.
set -uo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 3 ] || { sed -n '2,10p' "$0"; exit 2; }
old=$1 new=$2; shift 2
data=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do data+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
options=("$@")
policies=Benchmarks/checks.vigil
report=(--report accountability)
for ((i = 0; i < ${#options[@]}; i++)); do
  case "${options[$i]}" in
    --policies) policies=${options[$((i + 1))]}; unset 'options[i]' 'options[i+1]'; i=$((i + 1)) ;;
    --report) report=() ;;
  esac
done
options=("${options[@]}")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
failed=0
for file in "${data[@]}"; do
  for format in text json csv html; do
    for jobs in 1 2; do
      for build in old new; do
        binary=$old; [ $build = new ] && binary=$new
        "$binary" audit "$policies" --data "$file" --now 2026-11-25T00:00:00Z --jobs $jobs \
          "${report[@]}" "${options[@]}" --format $format \
          2>"$out/$build.$jobs.$format.err" |
          sed -E 's|<dt>Generated</dt><dd>[^<]*</dd>|<dt>Generated</dt><dd>(now)</dd>|' \
            >"$out/$build.$jobs.$format"
        echo "exit ${PIPESTATUS[0]}" >>"$out/$build.$jobs.$format.err"
      done
      if cmp -s "$out/old.$jobs.$format" "$out/new.$jobs.$format" &&
        cmp -s "$out/old.$jobs.$format.err" "$out/new.$jobs.$format.err"; then
        echo "same  $(basename "$file") $format --jobs $jobs ($(wc -c <"$out/new.$jobs.$format") bytes)"
      else
        echo "DIFF  $(basename "$file") $format --jobs $jobs"; failed=1
      fi
    done
    if ! cmp -s "$out/new.1.$format" "$out/new.2.$format"; then
      echo "DIFF  $(basename "$file") $format: --jobs 1 and --jobs 2 of the new build"; failed=1
    fi
  done
done
exit $failed
