// The cache tier's config block ("cache" in a scenario): shards, replicas per shard and their
// replication stream, failover, how clients refresh the topology, slot ranges, command service
// times, memory and eviction, active expiry, warm start. Plain data with its reader; the tier's
// models take it, scenario.hpp composes it.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/cache/eviction_policy.hpp"
#include "models/cache/failover/failover_policy.hpp"
#include "models/cache/shard_cache.hpp"
#include "models/cache/shard_server.hpp"
#include "models/dist/distribution.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {

// Hash slots [first, last] are served by `shard`.
struct SlotRange {
  uint32_t shard = 0;
  uint32_t first = 0;
  uint32_t last = 0;
};

// How app instances learn which node serves a shard after a failover (what cluster clients do:
// refresh the slot map, CLUSTER SHARDS; what Sentinel clients do: ask a sentinel again). A MOVED
// reply always patches the shard at once. Defaults follow redis-py: refresh on a failed command,
// no rate limit, no periodic refresh. Lettuce's adaptive refresh: min_interval_s 30.
struct TopologyRefreshConfig {
  bool on_failure = true;     // a command that got no reply (timeout) triggers a refresh
  double min_interval_s = 0;  // triggers within this long of the last refresh are ignored
  double periodic_s = 0;      // > 0: every instance also refreshes at multiples of this
};

// The replication stream from a primary to each of its replicas: one FIFO connection over the
// cache hosts' links, each keyspace change arriving after latency + bytes / bandwidth +
// extra_lag_s (a draw per change; default deterministic 0).
struct ReplicationConfig {
  std::unique_ptr<Distribution> extra_lag_s;
};

// What a node keeps on disk (each node its own files; disks survive crashes): "none" (it restarts
// empty), "rdb" (a snapshot every snapshot_interval_s: it restarts with the last one), or
// "aof_everysec" (appendfsync everysec: it restarts with its keyspace as of the last whole second,
// losing the writes since). A restart first loads the file: dataset bytes / load_rate_Bps, during
// which it answers -LOADING. Keys past their TTL when loaded are not loaded.
struct PersistenceConfig {
  enum class Type : uint8_t { kNone, kRdb, kAofEverysec };
  Type type = Type::kNone;
  double snapshot_interval_s = 300;  // save 300 10 (an estimate of a busy cache's save point)
  double load_rate_Bps = 2e8;        // an estimate: ~200 MB/s of RDB or AOF loaded
  double interval_s() const { return type == Type::kRdb ? snapshot_interval_s : 1.0; }
};

struct CacheConfig {
  bool enabled = true;
  uint32_t nodes = 1;                   // shards
  uint32_t replicas_per_shard = 0;      // 0: one node per shard (Azure Basic)
  ReplicationConfig replication;
  // "read_from": "replica" sends GETs to a replica of the key's shard (READONLY connections; a
  // class with leases still reads its primary), stale by the replication lag; "primary" (default)
  // sends every command to the primary.
  bool read_replicas = false;
  std::unique_ptr<FailoverPolicy> failover;  // default "none"
  TopologyRefreshConfig topology_refresh;
  PersistenceConfig persistence;
  std::vector<SlotRange> slot_ranges;   // empty: 16384 slots spread evenly, in shard order
  ShardServiceTimes commands;           // service time per command (models/cache/shard_server.hpp)
  // Every key resident at t = 0, expiring at its class's ttl_s; with maxmemory, keys in id order
  // (the most popular of each class first) for as long as they fit.
  bool warm_start = false;
  MemoryConfig memory;                      // per shard: maxmemory and what a key costs
  std::unique_ptr<EvictionPolicy> eviction;  // maxmemory-policy; default noeviction (Redis's)
  ActiveExpiryConfig active_expiry;

  // Nodes on the platform: each shard's primary and its replicas. Node rank * nodes + shard is
  // replica `rank` of the shard (rank 0: the node that starts as its primary).
  uint32_t node_count() const { return nodes * (1 + replicas_per_shard); }
};

// The label of cache node `node` in metrics, events and the summary: "<shard>" for the node that
// starts as the shard's primary, "<shard>r<k>" for its replica k.
std::string cache_node_label(uint32_t node, uint32_t shards);

// Reads the block at `reader` (defaults where the file is silent). Throws sim::ConfigError naming
// the JSON path of the first problem.
void read_cache_config(sim::ConfigReader reader, CacheConfig& cache);

}  // namespace cachestorm::models
