#!/usr/bin/env bash
# Checks the shards' eviction against a real redis-server. Starts Debian's redis-server on
# 127.0.0.1 on a free port with persistence off (scripts/redis_local.sh; stopped by its process id
# on exit) and runs `cachestorm redis-check` for each maxmemory-policy and memory fraction: the
# eviction check's Zipf key stream (models/cache/eviction_check.hpp: 100 000 keys, alpha 0.9,
# 1 000 000 requests, 100 B values, every SET with EX 3600, paced at 20 000 requests/s in batches of
# 16) as cache-aside, with maxmemory holding 10 % and 30 % of the keys. Writes a JSON document
# with the server's version and every run's hit ratio over the second half.
#
# Usage: bash scripts/redis_eviction_check.sh [OUTPUT]     (default results/redis_eviction_check.json)
#        bash scripts/redis_eviction_check.sh --short OUTPUT   (allkeys-lru at 30 %, 400 000
#        requests: ~20 s, what CI's live check runs)
# The model's side: tests/models/eviction_check_test.cpp replays the same stream and compares.
set -euo pipefail
cd "$(dirname "$0")/.."
short=0
if [ "${1:-}" = "--short" ]; then short=1; shift; fi
out=${1:-results/redis_eviction_check.json}
bin=${CACHESTORM_BIN:-build/cachestorm}
[ -x "$bin" ] || { echo "build first: cmake --build build" >&2; exit 1; }
# shellcheck source=scripts/redis_local.sh
source scripts/redis_local.sh 21500 21600

if [ "$short" = 1 ]; then
  policies=(allkeys-lru); fractions=(0.3); requests=400000
else
  policies=(allkeys-lru allkeys-lfu allkeys-random volatile-lru volatile-ttl volatile-lfu volatile-random)
  fractions=(0.1 0.3); requests=1000000
fi
tmp="$out.partial"  # the runs so far, kept if the script stops early
first=1
{
  echo '{"what": "hit ratio of a real redis-server over the second half of the eviction check stream, by scripts/redis_eviction_check.sh",'
  echo " \"stream\": {\"keys\": 100000, \"alpha\": 0.9, \"requests\": $requests, \"rate_per_s\": 20000, \"value_bytes\": 100, \"ttl_s\": 3600, \"seed\": 1, \"batch\": 16},"
  echo " \"machine\": \"$(uname -srm), $(nproc) cores\","
  echo " \"runs\": ["
} > "$tmp"
for fraction in "${fractions[@]}"; do
  for policy in "${policies[@]}"; do
    echo "redis_eviction_check: $policy at $fraction" >&2
    line=$("$bin" redis-check --port "$port" --policy "$policy" --fraction "$fraction" --requests "$requests")
    [ "$first" = 1 ] || echo "," >> "$tmp"
    first=0
    printf '  %s' "$line" >> "$tmp"
  done
done
printf '\n ]}\n' >> "$tmp"
mv "$tmp" "$out"
echo "redis_eviction_check: wrote $out" >&2
