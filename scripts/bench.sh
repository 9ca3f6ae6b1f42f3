#!/usr/bin/env bash
# The speed benchmark: build (Release), then `cachestorm bench` on the canonical scenarios, or with
# --instructions [options] the instruction counts that decide speed targets (scripts/bench_instructions.py).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build build -j"$(nproc)" --target cachestorm
if [[ "${1:-}" == "--instructions" ]]; then  # instructions per request under cachegrind, beside the peer
  shift
  exec /usr/bin/python3 scripts/bench_instructions.py "$@"
fi
./build/cachestorm bench --repeats "${REPEATS:-3}"
