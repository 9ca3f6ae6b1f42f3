#!/usr/bin/env bash
# The first README command: install what is missing, build (Release), run the default scenario.
# Extra arguments go to `cachestorm run` (e.g. --seed 7 --out results/mine).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build build -j"$(nproc)" --target cachestorm
./build/cachestorm run scenarios/cache_outage.json "$@"
