#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer and AddressSanitizer and runs them.
#
#   Fuzz/run.sh [--smoke] [TARGET…] [-LIBFUZZER_OPTION=VALUE…]
#   Fuzz/run.sh --build-only      (builds the targets' binary when out of date, runs nothing)
#
# TARGETs: policy jsonl csv time regex (default: all, one after the other). Without
# --smoke each runs for 10 minutes (-max_total_time=600) unless an option says otherwise;
# --smoke runs each for SMOKE_SECONDS (default 12) — what CI does. Any crash, leak or broken
# property stops the target, saves the input under .build-fuzz/crashes/ and fails the script.
# New inputs that reach new code collect in .build-fuzz/corpus/TARGET/ (kept between runs).
# A saved input replays with: VIGIL_FUZZ_TARGET=TARGET .build-fuzz/vigil-fuzz-Onone FILE
#
# Environment: FUZZ_OPT (default -Onone: builds in half the time; -O runs about N times
# faster, for long runs) is the optimisation flag; SMOKE_SECONDS.
set -euo pipefail
cd "$(dirname "$0")/.."

all_targets=(policy jsonl csv time regex)
smoke=false
build_only=false
targets=()
options=()
for argument in "$@"; do
  case "$argument" in
    --smoke) smoke=true ;;
    --build-only) build_only=true ;;
    -*) options+=("$argument") ;;
    *)
      [[ " ${all_targets[*]} " == *" $argument "* ]] ||
        { echo "Fuzz/run.sh: unknown target '$argument' (known: ${all_targets[*]})" >&2; exit 2; }
      targets+=("$argument") ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

# The library's sources: every Sources/Vigil*/ module but the command line's, compiled into
# one module named Vigil with the targets (their `import VigilX` lines dropped, since the
# modules are compiled together here), so that the targets reach internal API.
library_dirs=()
for dir in Sources/Vigil*/; do
  case "$dir" in Sources/VigilCLI/) ;; *) library_dirs+=("$dir") ;; esac
done
mkdir -p .build-fuzz
# The test suite's notion of "the same tree" (FileShape.swift, SExpression.swift), without
# their import of the module they are compiled into here.
mapfile -t sources < <(find "${library_dirs[@]}" Fuzz/Targets -name '*.swift' | sort)
for helper in Tests/VigilTests/Format/FileShape.swift Tests/VigilTests/Support/SExpression.swift; do
  sed '/^@testable import Vigil$/d' "$helper" > ".build-fuzz/$(basename "$helper")"
  sources+=(".build-fuzz/$(basename "$helper")")
done
optimisation=${FUZZ_OPT:--Onone}
binary=.build-fuzz/vigil-fuzz$optimisation
stamp=$( (echo "$optimisation"; swiftc --version 2>&1; cat "${sources[@]}") | cksum)
if [ ! -x "$binary" ] || [ "$(cat "$binary.stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "Fuzz: building $binary ($optimisation, ${#sources[@]} files)"
  start=$SECONDS
  # ld.gold warns about every ASan helper symbol it cannot export: noise, filtered out.
  # From a copy: an edit during the long build must not fail it.
  rm -rf .build-fuzz/sources
  mkdir -p .build-fuzz/sources
  cp --parents "${sources[@]}" .build-fuzz/sources
  find .build-fuzz/sources -name '*.swift' -exec \
    sed -i -E '/^(@_exported |@testable )?import Vigil[A-Za-z]*$/d' {} +
  (cd .build-fuzz/sources &&
    swiftc -sanitize=fuzzer,address "$optimisation" -g -parse-as-library -module-name Vigil -package-name vigil \
      "${sources[@]}" -o "../$(basename "$binary")") 2>&1 |
    { grep -v "Cannot export local symbol '__asan" || true; }
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "Fuzz: the build failed" >&2; exit 1; }
  echo "$stamp" > "$binary.stamp"
  echo "Fuzz: built in $((SECONDS - start)) s"
fi
$build_only && exit 0

Fuzz/seeds.sh > /dev/null
mkdir -p .build-fuzz/crashes .build-fuzz/logs
declare -A max_len=([policy]=4096 [jsonl]=8192 [csv]=8192 [time]=96 [regex]=48)
# The parallel audit's worker threads end after the audit returns, releasing the last chunk
# they read then: libFuzzer's check after each input would call that a leak (when the check
# runs before they end). For the readers, leaks are checked when the process exits instead.
declare -A leaks=([policy]=1 [jsonl]=0 [csv]=0 [time]=1 [regex]=1)
if $smoke; then
  duration=(-max_total_time="${SMOKE_SECONDS:-12}")
else
  duration=(-max_total_time=600)
fi
failed=()
for target in "${targets[@]}"; do
  corpus=.build-fuzz/corpus/$target
  mkdir -p "$corpus"
  seeds=(.build-fuzz/seeds/"$target")
  [ -d Fuzz/corpus/"$target" ] && seeds+=(Fuzz/corpus/"$target")
  log=.build-fuzz/logs/$target.log
  echo "Fuzz: $target (${duration[*]} ${options[*]:-})"
  # Later options win: the command line's override the defaults.
  # Swift's own crash backtracer would fight AddressSanitizer's: off.
  # The stacks must reach the initialiser that the suppressions name.
  if ASAN_OPTIONS=malloc_context_size=100 LSAN_OPTIONS=suppressions=Fuzz/lsan.supp SWIFT_BACKTRACE=enable=no VIGIL_FUZZ_TARGET=$target "$binary" -dict=Fuzz/dict/"$target".dict \
    -max_len="${max_len[$target]}" -detect_leaks="${leaks[$target]}" -timeout=10 -rss_limit_mb=2560 -print_final_stats=1 \
    -artifact_prefix=.build-fuzz/crashes/"$target"- "${duration[@]}" "${options[@]}" \
    "$corpus" "${seeds[@]}" > "$log" 2>&1; then
    grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -n 1 | sed "s/^/  $target: /"
    grep -E '^stat::number_of_executed_units' "$log" | sed "s/^/  $target: /"
  else
    failed+=("$target")
    echo "Fuzz: $target FAILED (log: $log):" >&2
    grep -E 'vigil fuzz:|ERROR: |SUMMARY: |Test unit written|Fatal error' "$log" | head -n 20 >&2
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "Fuzz: failed: ${failed[*]}" >&2
  exit 1
fi
echo "Fuzz: ${targets[*]}: no crash"
