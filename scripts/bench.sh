#!/usr/bin/env bash
# The speed benchmark: build (Release), then `cachestorm bench` on the canonical scenarios.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build build -j"$(nproc)" --target cachestorm
./build/cachestorm bench --repeats "${REPEATS:-3}"
