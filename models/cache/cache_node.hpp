// One node of the cache tier: a redis-server. Its single-threaded command server (queueing,
// models/cache/shard_server.hpp), its keyspace with Redis's memory accounting, eviction and expiry
// (models/cache/shard_cache.hpp), its lock keys (models/cache/shard_locks.hpp), whether it is up,
// whether it is its shard's serving primary or a replica (in sync or not), how fast it serves
// (slowdowns), how many times it lost its data, and its metrics (label "shard": the node's
// label). It knows no hash slots and no app instances: the cluster
// (models/cache/cache_cluster.hpp) routes commands to it, serves them on it and records through
// its slots. Plain data with its metric declarations.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/cache/cache_config.hpp"
#include "models/cache/shard_cache.hpp"
#include "models/cache/shard_locks.hpp"
#include "models/cache/shard_server.hpp"
#include "models/faults/fault_change.hpp"
#include "models/metrics/metric_table.hpp"
#include "models/metrics/window_accumulator.hpp"
#include "sim/rng.hpp"

namespace cachestorm::models {

struct CacheNode {
  // Declares the node's series (label `label`) in `metrics`. where: [key] -> its entry in its
  // node, shared by the nodes of a cluster. REQUIRES: config has an eviction policy.
  CacheNode(const CacheConfig& config, std::vector<uint32_t>& where, sim::Rng rng, MetricTable& metrics,
            const std::string& label);

  // Records the node's used memory and key count at t (after a change).
  void record_memory(MetricTable& metrics, double t) const {
    metrics.set(used_memory, t, static_cast<double>(cache.used_bytes()));
    metrics.set(keys, t, cache.keys());
  }

  ShardServer server;
  ShardCache cache;
  ShardLocks locks;
  bool up = true;         // its process runs
  bool host_up = true;    // its host is reachable (false: commands to it time out)
  bool loading = false;   // restarting: loading its persistence file (replies -LOADING)
  bool serving = true;    // its shard's primary (false: a replica)
  bool ok = true;         // serves every instance now: up, not loading, serving, the cluster not
                          // down, no partition from any instance
  uint32_t partitions = 0;  // app instances cut off from it
  bool isolated = false;      // cut from the other nodes (a minority partition)
  bool minority_down = false; // isolated and no longer serving (it noticed, or was replaced)
  double isolated_s = 0.0;    // when the isolation began
  uint64_t unreplicated = 0;  // client writes it accepted while isolated
  bool synced = true;    // a replica with its primary's data (false: down, or in a full resync)
  uint32_t shard = 0;
  uint64_t offset = 0;   // replication stream messages applied (a replica's rank)
  SlowDowns slow;       // its service times' factor (cache_slow faults)
  uint32_t losses = 0;  // times it lost its data
  // Records filed by command start and by command arrival: each comes in time order.
  std::unique_ptr<WindowAccumulator> by_start, by_arrival;
  uint32_t commands, hits, misses, fills, busy;           // slots of by_start
  uint32_t expired_lazy, expired_active, evictions, oom;  // slots of by_start
  std::vector<uint32_t> class_hits, class_misses;         // slots of by_start, per key class (the cluster adds them)
  uint32_t lease_rejected, deletes;                       // slots of by_start
  uint32_t refused, queue_peak, queue_delay;              // slots of by_arrival
  SeriesId used_memory, keys;                             // gauges
};

}  // namespace cachestorm::models
