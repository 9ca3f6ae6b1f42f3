#!/usr/bin/env bash
# The second README command: install what is missing, build (Release), run the whole test suite.
# With --sanitize: the same suite built with AddressSanitizer and UndefinedBehaviorSanitizer, in
# build-sanitize/ (CI runs both).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
if [ "${1:-}" = "--sanitize" ]; then
  cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCACHESTORM_SANITIZE=ON > /dev/null
  cmake --build build-sanitize -j"$(nproc)"
  cd build-sanitize
  # Five tests are left to the plain build. Two limit the address space with ulimit -v (to make
  # an allocation fail inside the engine, and to check the default budget under such a limit),
  # and AddressSanitizer cannot start under such a limit (its shadow memory alone is terabytes of
  # address space). The third runs in a memory control group sized for the plain build's memory;
  # AddressSanitizer's shadow and quarantine are not in the estimate. The fourth compares peak
  # resident memory of a short and a long run, which under AddressSanitizer measures its
  # quarantine of freed memory (up to 256 MB), not the program. The fifth counts instructions
  # under valgrind, which cannot run a binary built with AddressSanitizer.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --output-on-failure -j"$(nproc)" \
    -E 'RunningOutOfMemoryInsideTheEngine|UnderAnAddressSpaceLimit|InAMemoryControlGroup|MemoryDoesNotGrowWithDurationTimesShards|BenchInstructions'
else
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > /dev/null
  cmake --build build -j"$(nproc)"
  cd build
  ctest --output-on-failure -j"$(nproc)"
fi
