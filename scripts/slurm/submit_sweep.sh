#!/usr/bin/env bash
# Runs a sweep across a Slurm cluster: a job array of N shards (sbatch --array=0-(N-1)), then a
# merge job that starts when every shard succeeded (--dependency=afterok). The merged result,
# OUT/merged, is byte for byte what one `cachestorm sweep` with the same arguments writes.
#   scripts/slurm/submit_sweep.sh N OUT SCENARIO --axis ... [sweep options]
# CACHESTORM names the binary (default: the build's, made absolute so the jobs find it); OUT must
# be on a file system every node sees. Prints the array's and the merge's job ids.
set -euo pipefail
if [ "$#" -lt 3 ]; then
  echo "usage: $0 N OUT SCENARIO --axis PATH=SPEC [sweep options]" >&2
  exit 64
fi
shards=$1
out=$(realpath -m "$2")
shift 2
here=$(cd "$(dirname "$0")" && pwd)
export CACHESTORM=${CACHESTORM:-$(realpath "${here}/../../build/cachestorm")}
mkdir -p "${out}"
array=$(sbatch --parsable --export=ALL --array="0-$((shards - 1))" --output="${out}/slurm-%A_%a.out" \
  "${here}/sweep_shard.sh" "${out}" "$@")
merge=$(sbatch --parsable --export=ALL --dependency="afterok:${array}" --output="${out}/slurm-merge-%j.out" \
  "${here}/merge_shards.sh" "${out}")
echo "array ${array} merge ${merge}"
