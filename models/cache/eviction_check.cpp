#include "models/cache/eviction_check.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "models/workload/key_popularity.hpp"
#include "models/workload/key_space.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {

std::vector<uint32_t> eviction_check_keys(const EvictionCheckStream& stream) {
  const nlohmann::json block = {{"type", "zipf"}, {"count", stream.keys}, {"s", stream.alpha}};
  nlohmann::json resolved;
  sim::ConfigReader reader(block, resolved, "eviction_check.keys");
  const auto popularity = reader.build_typed<KeyPopularity>("zipf");
  sim::Rng rng = sim::RngStreams(stream.seed, 0).stream("eviction_check/keys");
  std::vector<uint32_t> keys(stream.requests);
  popularity->sample_batch(rng, keys.data(), keys.size());
  return keys;
}

std::string eviction_check_name(uint32_t id) { return "key:" + std::to_string(id); }

uint32_t eviction_check_name_bytes(uint32_t id) { return 4 + decimal_digits(id); }  // "key:" + the number

uint64_t eviction_check_maxmemory(const EvictionCheckStream& stream, const MemoryConfig& memory, double fraction) {
  uint64_t total = 0;
  for (uint32_t id = 0; id < stream.keys; ++id)
    total += entry_bytes(memory, eviction_check_name_bytes(id), stream.value_bytes, true);
  const double held = fraction * static_cast<double>(stream.keys);
  const uint64_t buckets = dict_buckets_after(0, static_cast<uint64_t>(held));
  return memory.base_bytes + static_cast<uint64_t>(fraction * static_cast<double>(total)) +
         2 * buckets * memory.bucket_bytes;
}

ReplayCounts replay_cache_aside(const EvictionCheckStream& stream, const std::vector<uint32_t>& keys, ShardCache& cache,
                                std::vector<bool>* hit_log) {
  ReplayCounts counts;
  const uint64_t measured_from = keys.size() / 2;
  std::vector<uint32_t> missed;
  for (uint64_t first = 0; first < keys.size(); first += stream.batch) {
    const uint64_t end = std::min<uint64_t>(first + stream.batch, keys.size());
    const double now = static_cast<double>(first) / stream.rate_per_s;
    missed.clear();
    for (uint64_t i = first; i < end; ++i) {
      cache.make_room(now);  // before every command, as Redis's processCommand does
      const bool hit = cache.get(keys[i], now) == ShardCache::Found::kHit;
      if (!hit) missed.push_back(keys[i]);
      if (hit_log != nullptr) hit_log->push_back(hit);
      if (i >= measured_from) (hit ? counts.hits : counts.misses) += 1;
    }
    for (uint32_t key : missed) {
      cache.make_room(now);
      cache.set(key, now, now + stream.ttl_s, eviction_check_name_bytes(key), stream.value_bytes);
    }
  }
  counts.keys_at_end = cache.keys();
  return counts;
}

}  // namespace cachestorm::models
