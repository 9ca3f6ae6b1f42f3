#!/usr/bin/env bash
# A sweep in N shards with GNU parallel (one machine, or several with --sshlogin), then merged:
#   scripts/parallel_sweep.sh N OUT SCENARIO --axis ... [sweep options]
# Each shard is `cachestorm sweep ... --shard K/N`; OUT/merged is what one sweep would write.
set -euo pipefail
shards=$1
out=$2
shift 2
bin=${CACHESTORM:-./build/cachestorm}
seq 0 $((shards - 1)) | parallel -q --halt now,fail=1 "${bin}" sweep "$@" --shard "{}/${shards}" --out "${out}/shard-{}" --quiet
"${bin}" merge "${out}"/shard-* --out "${out}/merged"
