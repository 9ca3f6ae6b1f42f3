#!/usr/bin/env bash
# Measures what a key costs a real redis-server in memory: used_memory over N string keys of a
# given value size, with and without an expiry, less the empty server's, divided by N; and
# MEMORY USAGE of one of them (SAMPLES 0). Key names are "key:" + 8 digits (12 bytes). The
# overhead beyond the key name and the value is what the shard memory model's per-key overhead
# default comes from.
#
# The server is a throwaway one on 127.0.0.1 (scripts/redis_local.sh). Output: a TSV on stdout.
# Usage: bash scripts/measure_redis_memory.sh [keys per point, default 100000]
set -euo pipefail
N="${1:-100000}"
# shellcheck source=scripts/redis_local.sh
source "$(dirname "$0")/redis_local.sh" 21100 21200

used_memory() { cli info memory | awk -F: '/^used_memory:/ {print $2}' | tr -d '\r'; }

# Writes N SET commands in the Redis protocol: key:00000000 .. with a value of $1 bytes, and
# an expiry of one hour if $2 is "yes".
commands() {
  awk -v n="$N" -v bytes="$1" -v ttl="$2" 'BEGIN {
    value = "x"; while (length(value) < bytes) value = value value; value = substr(value, 1, bytes)
    for (i = 0; i < n; i++) {
      key = sprintf("key:%08d", i)
      if (ttl == "yes") printf "*5\r\n$3\r\nSET\r\n$12\r\n%s\r\n$%d\r\n%s\r\n$2\r\nEX\r\n$4\r\n3600\r\n", key, bytes, value
      else printf "*3\r\n$3\r\nSET\r\n$12\r\n%s\r\n$%d\r\n%s\r\n", key, bytes, value
    }
  }'
}

echo -e "redis_version\t$(cli info server | awk -F: '/^redis_version:/ {print $2}' | tr -d '\r')"
echo -e "empty_used_memory_bytes\t$(used_memory)"
echo -e "value_bytes\texpiry\tkeys\tused_memory_per_key\toverhead_beyond_name_and_value\tmemory_usage_of_one_key"
for bytes in 16 100 1000 10000; do
  for ttl in no yes; do
    cli flushall >/dev/null
    before=$(used_memory)
    commands "$bytes" "$ttl" | cli --pipe >/dev/null
    after=$(used_memory)
    per=$(awk -v a="$after" -v b="$before" -v n="$N" 'BEGIN {printf "%.1f", (a - b) / n}')
    overhead=$(awk -v p="$per" -v v="$bytes" 'BEGIN {printf "%.1f", p - 12 - v}')
    usage=$(cli memory usage key:00000001 samples 0 | tr -d '\r')
    echo -e "$bytes\t$ttl\t$N\t$per\t$overhead\t$usage"
  done
done
