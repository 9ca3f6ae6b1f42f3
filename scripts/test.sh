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
  # One test is left to the plain build: it limits the address space with ulimit -v to make an
  # allocation fail inside the engine, and AddressSanitizer cannot start under such a limit
  # (its shadow memory alone is terabytes of address space).
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --output-on-failure -j"$(nproc)" -E 'RunningOutOfMemoryInsideTheEngine'
else
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > /dev/null
  cmake --build build -j"$(nproc)"
  cd build
  ctest --output-on-failure -j"$(nproc)"
fi
