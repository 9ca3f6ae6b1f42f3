#!/usr/bin/env bash
# The strategy comparison of README.md: runs every scenario of scenarios/strategies/ (one seed;
# they differ only in their strategy blocks, so they share random numbers) and prints the table.
# Usage: scripts/strategy_table.sh [--seed N]   (CACHESTORM_BIN: the binary, default build/cachestorm)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${CACHESTORM_BIN:-build/cachestorm}"
[ -x "$BIN" ] || { echo "strategy_table: no $BIN; build first (scripts/run.sh)" >&2; exit 66; }
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
dirs=()
for scenario in scenarios/strategies/*.json; do
  name="$(basename "$scenario" .json)"
  "$BIN" run -q "$scenario" --out "$OUT/$name" "$@"
  dirs+=("$OUT/$name")
done
python3 scripts/strategy_table.py "${dirs[@]}"
