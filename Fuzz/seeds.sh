#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets from the repository's own files, into
# .build-fuzz/seeds/TARGET/ (rebuilt each time; never committed: the files are in the
# repository already). Small slices only: libFuzzer mutates small inputs best.
#   policy: every .vigil file of rules/, examples/ and the test fixtures
#   jsonl:  the first 12 lines of each JSON Lines file of examples/ and the fixtures
#   csv:    the header and first 12 records of each CSV file of examples/, examples/data/
#           and the fixtures (lines, so a quoted field spanning lines may be cut: fine)
#   time:   the ISO timestamps (@…) of the policy files, and Fuzz/corpus/time (committed)
#   regex:  the `matches` patterns of the policy files, and Fuzz/corpus/regex (committed)
set -euo pipefail
cd "$(dirname "$0")/.."
final=.build-fuzz/seeds
# Built apart, then moved in place: runs of other targets may be reading the seeds.
out=.build-fuzz/seeds.$$
rm -rf "$out"
mkdir -p "$out"/{policy,jsonl,csv,time,regex} "$final"

# A seed file named after its source path.
name() { printf '%s' "$1" | tr '/ ' '__'; }

policies=$(find rules examples Tests/VigilTests/Fixtures -name '*.vigil' | sort)
for file in $policies; do
  cp "$file" "$out/policy/$(name "$file")"
done
for file in $(find examples Tests/VigilTests/Fixtures Benchmarks -name '*.jsonl' | sort); do
  head -n 12 "$file" > "$out/jsonl/$(name "$file")"
done
find examples Tests/VigilTests/Fixtures -name '*.csv' -print0 | sort -z |
  while IFS= read -r -d '' file; do
    head -n 13 "$file" | head -c 8000 > "$out/csv/$(name "$file")"
  done
# Time: mode byte '0' then an ISO text (TimeTarget); patterns of time(…) with no sample text.
grep -ohE '@[0-9][0-9T:.+-]*Z?' $policies | sort -u | head -n 40 | while read -r stamp; do
  printf '0%s' "${stamp#@}" > "$out/time/iso_$(name "${stamp#@}")"
done
grep -ohE 'time\([^,]+, *"[^"]*"' $policies | sed -E 's/.*"([^"]*)"/\1/' | sort -u |
  while read -r pattern; do
    printf '1%s\n' "$pattern" > "$out/time/pattern_$(printf '%s' "$pattern" | cksum | cut -d' ' -f1)"
  done
# Regex: pattern, line feed, a text (RegexTarget).
grep -ohE 'matches +"[^"]*"' $policies | sed -E 's/^matches +"(.*)"$/\1/' | sort -u |
  while read -r pattern; do
    printf '%s\nab 01' "$pattern" > "$out/regex/pattern_$(printf '%s' "$pattern" | cksum | cut -d' ' -f1)"
  done
for target in policy jsonl csv time regex; do
  rm -rf "${final:?}/$target.old"
  [ ! -d "$final/$target" ] || mv "$final/$target" "$final/$target.old"
  mv "$out/$target" "$final/$target"
  rm -rf "${final:?}/$target.old"
  out_target=$final/$target
  echo "seeds: $target: $(find "$out_target" -type f | wc -l) files, $(cat "$out_target"/* /dev/null | wc -c) bytes"
done
rmdir "$out"
