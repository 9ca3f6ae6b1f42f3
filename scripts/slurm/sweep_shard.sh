#!/usr/bin/env bash
# One task of a Slurm job array: shard $SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_TASK_COUNT of a sweep,
# into OUT/shard-<id>. Submitted by submit_sweep.sh; usage: sweep_shard.sh OUT SWEEP_ARGUMENTS...
#SBATCH --job-name=cachestorm-sweep
set -euo pipefail
out=$1
shift
exec "${CACHESTORM:-cachestorm}" sweep "$@" --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}" \
  --out "${out}/shard-${SLURM_ARRAY_TASK_ID}" --quiet --progress none
