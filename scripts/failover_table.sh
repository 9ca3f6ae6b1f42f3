#!/usr/bin/env bash
# The failover comparison of README.md: runs every scenario of scenarios/failover/ (one seed;
# they share arrivals and keys: common random numbers) and prints the table.
# Usage: scripts/failover_table.sh [--seed N]   (CACHESTORM_BIN: the binary, default build/cachestorm)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${CACHESTORM_BIN:-build/cachestorm}"
[ -x "$BIN" ] || { echo "failover_table: no $BIN; build first (scripts/run.sh)" >&2; exit 66; }
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
dirs=()
for scenario in scenarios/failover/*.json; do
  name="$(basename "$scenario" .json)"
  "$BIN" run -q "$scenario" --out "$OUT/$name" "$@"
  dirs+=("$OUT/$name")
done
python3 scripts/failover_table.py "${dirs[@]}"
