#!/usr/bin/env bash
# The job after a sweep's array: merges OUT/shard-* into OUT/merged. Usage: merge_shards.sh OUT
#SBATCH --job-name=cachestorm-merge
set -euo pipefail
out=$1
exec "${CACHESTORM:-cachestorm}" merge "${out}"/shard-* --out "${out}/merged" --quiet
