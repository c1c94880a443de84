#!/usr/bin/env bash
# Builds vigil as it was at a git revision, in release, for side-by-side figures:
#
#   bash Benchmarks/baseline.sh REF        # prints the path of REF's vigil binary
#
# The revision's files are exported (`git archive`) into Benchmarks/.data/baseline/SHA/ (ignored
# by git) and built there once; a second call with the same revision only prints the path.
# run.sh --baseline REF and callgrind.sh --baseline REF use it.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
case "$1" in -h | --help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
sha=$(git rev-parse --verify --quiet "$1^{commit}") || {
  echo "baseline.sh: '$1' is not a revision of this repository (a clone with its history is needed)" >&2
  exit 2
}
dir="Benchmarks/.data/baseline/$sha"
binary="$dir/.build/release/vigil"
if [ ! -x "$binary" ]; then
  rm -rf "$dir"
  mkdir -p "$dir"
  git archive "$sha" | tar -x -C "$dir"
  echo "baseline.sh: building vigil at ${sha:0:7} in release (once; kept in $dir)" >&2
  (cd "$dir" && swift build -c release --static-swift-stdlib --product vigil >&2)
fi
echo "$(pwd)/$binary"
