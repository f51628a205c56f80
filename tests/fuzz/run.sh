#!/usr/bin/env bash
# Build the libFuzzer targets (clang, ASan + UBSan) and run each for a bounded time from its
# seed corpus in tests/fuzz/corpus/<name>. Fails when any target crashes, leaks, times out or
# trips a sanitizer; the input that did it is kept under build/fuzz/crashes/.
#   tests/fuzz/run.sh [seconds per target (default 20)] [target names...]
# New inputs found during the run go to a scratch corpus, never into the repository.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/scripts/lib/common.sh"
seconds="${1:-20}"
shift || true
fuzz_dir="$root/build/fuzz"
if [[ ! -f "$fuzz_dir/build.ninja" ]]; then
  cmake -S "$root" -B "$fuzz_dir" -G Ninja -DFLOWFILE_FUZZ=ON -DCMAKE_BUILD_TYPE= \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DDUCKDB_DIR="$deps_dir/duckdb" >/dev/null ||
    exit 1
fi
cmake --build "$fuzz_dir" -j2 </dev/null || exit 1

targets=("$@")
if ((${#targets[@]} == 0)); then
  for dir in "$root"/tests/fuzz/corpus/*/; do targets+=("$(basename "$dir")"); done
fi
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$fuzz_dir/crashes"
# One target's run: its verdict line on stdout (and the failing input's last lines on stderr).
fuzz_one() { # name
  local name="$1"
  local binary="$fuzz_dir/tests/fuzz/fuzz_$name" seeds="$root/tests/fuzz/corpus/$name"
  if [[ ! -x "$binary" || ! -d "$seeds" ]]; then
    echo "fuzz_$name: no such target or no corpus at $seeds" >&2
    return 1
  fi
  mkdir -p "$scratch/$name/corpus" "$scratch/$name/tmp"
  local log="$scratch/$name/log"
  # TMPDIR: the targets that write files (checkpoints, DV files) do so in the scratch folder.
  if TMPDIR="$scratch/$name/tmp" UBSAN_OPTIONS=print_stacktrace=1 "$binary" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$fuzz_dir/crashes/$name-" "$scratch/$name/corpus" "$seeds" >"$log" 2>&1; then
    local runs rate cov
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")"
    cov="$(grep -o 'cov: [0-9]*' "$log" | tail -1)"
    echo "fuzz_$name: ok, ${runs:-?} runs in ${seconds}s (${rate:-?}/s), $cov"
  else
    echo "fuzz_$name: FAILED; the input is in $fuzz_dir/crashes/ — last lines:" >&2
    tail -40 "$log" >&2
    return 1
  fi
}

# Each target is single-threaded: run as many at once as there are cores, so every target keeps
# its full time and the suite takes a fraction of the wall clock.
jobs="$(nproc)"
declare -A running=()
passed=0
failed=0
reap() { # waits for one running target and counts its verdict
  local pid
  wait -n -p pid "${!running[@]}"
  local status=$?
  unset "running[$pid]"
  if ((status == 0)); then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}
for name in "${targets[@]}"; do
  while ((${#running[@]} >= jobs)); do reap; done
  fuzz_one "$name" &
  running[$!]=1
done
while ((${#running[@]} > 0)); do reap; done
echo "fuzz: $passed passed, $failed failed"
((failed == 0))
