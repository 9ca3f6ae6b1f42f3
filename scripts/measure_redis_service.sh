#!/usr/bin/env bash
# Measures what one command costs a real redis-server's main thread, per command and value size:
# the server's CPU seconds (user + sys, from INFO cpu) over N commands sent by 50 clients without
# pipelining, divided by N. For a single-threaded server at load this is its service time per
# command (reading, parsing, executing, replying); INFO commandstats' usec_per_call (execution
# only) is printed beside it. These figures are where the shard service-time defaults come from.
#
# The server is a throwaway one on 127.0.0.1 (scripts/redis_local.sh). Output: a TSV on stdout.
# Usage: bash scripts/measure_redis_service.sh [commands per point, default 200000]
set -euo pipefail
N="${1:-200000}"
# shellcheck source=scripts/redis_local.sh
source "$(dirname "$0")/redis_local.sh" 21000 21100

cpu_seconds() { cli info cpu | awk -F: '/^used_cpu_(user|sys):/ {s += $2} END {printf "%.6f", s}'; }
usec_per_call() { cli info commandstats | awk -F'[:,=]' -v c="cmdstat_$1" '$1 == c {print $7}'; }

echo -e "redis_version\t$(cli info server | awk -F: '/^redis_version:/ {print $2}' | tr -d '\r')"
echo -e "command\tvalue_bytes\tcommands\tserver_cpu_us_per_command\tusec_per_call"
for bytes in 16 100 1000 10000 100000; do
  for command in set get; do
    cli config resetstat >/dev/null
    before=$(cpu_seconds)
    # -r keys over a 10 000-key space so GETs hit keys that the SETs wrote.
    redis-benchmark -h 127.0.0.1 -p "$port" -t "$command" -d "$bytes" -n "$N" -c 50 -P 1 -r 10000 -q >/dev/null
    after=$(cpu_seconds)
    per=$(awk -v a="$after" -v b="$before" -v n="$N" 'BEGIN {printf "%.3f", (a - b) * 1e6 / n}')
    echo -e "${command^^}\t$bytes\t$N\t$per\t$(usec_per_call "$command" | tr -d '\r')"
  done
done
# The lock (SET NX PX) and invalidation (DEL) commands the strategies and write paths use, on
# small values: custom commands over the same 10 000-key space.
value=$(printf 'v%.0s' $(seq 16))
for spec in "DEL|del|DEL key:__rand_int__" "SET_NX_PX|set|SET lock:__rand_int__ $value NX PX 100"; do
  name=${spec%%|*}; rest=${spec#*|}; stat=${rest%%|*}; command=${rest#*|}
  cli config resetstat >/dev/null
  before=$(cpu_seconds)
  # shellcheck disable=SC2086  # the command's words are meant to split
  redis-benchmark -h 127.0.0.1 -p "$port" -n "$N" -c 50 -P 1 -r 10000 -q $command >/dev/null
  after=$(cpu_seconds)
  per=$(awk -v a="$after" -v b="$before" -v n="$N" 'BEGIN {printf "%.3f", (a - b) * 1e6 / n}')
  echo -e "$name\t16\t$N\t$per\t$(usec_per_call "$stat" | tr -d '\r')"
done
