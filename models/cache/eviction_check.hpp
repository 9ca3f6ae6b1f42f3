// The eviction check against a real redis-server: one key stream that both Redis
// (`cachestorm redis-check`, scripts/redis_eviction_check.sh) and the model replay as
// cache-aside (GET; on a miss, SET with the TTL), paced at a fixed rate because Redis's LRU clock
// and LFU decay depend on time. Request i is sent at i / rate_per_s for key "key:<id>", id drawn
// from Zipf(alpha) over `keys` ids (models/workload zipf, stream "eviction_check/keys" of the
// seed); every value has value_bytes. The hit ratio is counted over the second half (requests
// from requests / 2 on).
// The model side runs one ShardCache (models/cache/shard_cache.hpp) with no queueing: a GET and
// its SET take effect at the request's instant, as they do on an idle local Redis.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "models/cache/shard_cache.hpp"

namespace cachestorm::models {

struct EvictionCheckStream {
  uint32_t keys = 100'000;
  double alpha = 0.9;
  uint64_t requests = 1'000'000;
  double rate_per_s = 20'000.0;
  uint32_t value_bytes = 100;
  double ttl_s = 3600.0;  // every SET carries it (volatile-* policies then have keys to choose from)
  // Requests go in batches: the GETs of a batch at its first request's instant, pipelined, then
  // the SETs of its misses (a local client cannot keep a 100k/s pace one round trip at a time).
  // A key missed twice in one batch is SET twice. The model replays the same command order.
  uint32_t batch = 16;
  uint64_t seed = 1;
};

// The stream's key ids, in request order.
std::vector<uint32_t> eviction_check_keys(const EvictionCheckStream& stream);
// A key's name, and its length.
std::string eviction_check_name(uint32_t id);
uint32_t eviction_check_name_bytes(uint32_t id);
// The maxmemory that holds `fraction` of the keys by the model's memory accounting.
uint64_t eviction_check_maxmemory(const EvictionCheckStream& stream, const MemoryConfig& memory, double fraction);

struct ReplayCounts {
  uint64_t hits = 0;    // in the second half
  uint64_t misses = 0;  // in the second half
  uint32_t keys_at_end = 0;
  double hit_ratio() const { return hits + misses == 0 ? 0.0 : static_cast<double>(hits) / (hits + misses); }
};

// Replays the stream's keys on `cache` as cache-aside. `hit_log`, if given, gets one entry per
// request (true: hit).
ReplayCounts replay_cache_aside(const EvictionCheckStream& stream, const std::vector<uint32_t>& keys, ShardCache& cache,
                                std::vector<bool>* hit_log = nullptr);

}  // namespace cachestorm::models
