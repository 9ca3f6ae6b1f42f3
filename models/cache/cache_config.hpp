// The cache tier's config block ("cache" in a scenario): shards, slot ranges, command service
// times, memory and eviction, active expiry, warm start. Plain data with its reader; the tier's
// models take it, scenario.hpp composes it.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "models/cache/eviction_policy.hpp"
#include "models/cache/shard_cache.hpp"
#include "models/cache/shard_server.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {

// Hash slots [first, last] are served by `shard`.
struct SlotRange {
  uint32_t shard = 0;
  uint32_t first = 0;
  uint32_t last = 0;
};

struct CacheConfig {
  bool enabled = true;
  uint32_t nodes = 1;                   // shards
  std::vector<SlotRange> slot_ranges;   // empty: 16384 slots spread evenly, in shard order
  ShardServiceTimes commands;           // service time per command (models/cache/shard_server.hpp)
  // Every key resident at t = 0, expiring at its class's ttl_s; with maxmemory, keys in id order
  // (the most popular of each class first) for as long as they fit.
  bool warm_start = false;
  MemoryConfig memory;                      // per shard: maxmemory and what a key costs
  std::unique_ptr<EvictionPolicy> eviction;  // maxmemory-policy; default noeviction (Redis's)
  ActiveExpiryConfig active_expiry;
};

// Reads the block at `reader` (defaults where the file is silent). Throws sim::ConfigError naming
// the JSON path of the first problem.
void read_cache_config(sim::ConfigReader reader, CacheConfig& cache);

}  // namespace cachestorm::models
