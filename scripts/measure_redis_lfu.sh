#!/usr/bin/env bash
# Measures Redis's LFU access counter: for each lfu-log-factor and access count, creates 10 keys,
# reads each key that many times (GET, pipelined) and prints the mean, smallest and largest
# OBJECT FREQ (which does not itself touch the key). The known answers of
# tests/models/lfu_counter_test.cpp come from this script. The server is a throwaway one on
# 127.0.0.1 (scripts/redis_local.sh). Output: a TSV on stdout.
set -euo pipefail
# shellcheck source=scripts/redis_local.sh
source "$(dirname "$0")/redis_local.sh" 21200 21300
cli config set maxmemory-policy allkeys-lfu >/dev/null
echo -e "redis_version\t$(cli info server | awk -F: '/^redis_version:/ {print $2}' | tr -d '\r')"
echo -e "lfu_log_factor\taccesses\tkeys\tmean_freq\tmin_freq\tmax_freq"
keys=10
for factor in 0 1 10 100; do
  cli config set lfu-log-factor "$factor" >/dev/null
  for hits in 100 1000 100000; do
    cli flushall >/dev/null
    for k in $(seq "$keys"); do cli set "k$k" v >/dev/null; done
    for k in $(seq "$keys"); do
      awk -v n="$hits" -v key="k$k" 'BEGIN { for (i = 0; i < n; i++) printf "*2\r\n$3\r\nGET\r\n$%d\r\n%s\r\n", length(key), key }'
    done | cli --pipe >/dev/null
    for k in $(seq "$keys"); do cli object freq "k$k"; done | tr -d '\r' |
      awk -v f="$factor" -v h="$hits" -v n="$keys" '
        {s += $1; if (min == "" || $1 < min) min = $1; if ($1 > max) max = $1}
        END {printf "%s\t%s\t%s\t%.1f\t%s\t%s\n", f, h, n, s / n, min, max}'
  done
done
