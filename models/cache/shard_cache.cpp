#include "models/cache/shard_cache.hpp"

#include <algorithm>

namespace cachestorm::models {

uint64_t dict_buckets_after(uint64_t buckets, uint64_t keys) {
  if (keys == 0) return buckets;  // Redis keeps an emptied table until the cron shrinks it (to 4)
  if (keys >= buckets + 1 || buckets == 0) {
    uint64_t grown = 4;
    while (grown < keys) grown *= 2;
    return std::max(grown, buckets);
  }
  if (buckets > 4 && keys * 100 / buckets < 10) {
    uint64_t shrunk = 4;
    while (shrunk < keys) shrunk *= 2;
    return shrunk;
  }
  return buckets;
}

ShardCache::ShardCache(const MemoryConfig& memory, std::unique_ptr<EvictionPolicy> policy,
                       std::vector<uint32_t>& where, sim::Rng rng)
    : memory_(memory),
      policy_(std::move(policy)),
      tracks_access_(policy_->evicts()),
      entries_(where),
      rng_(rng),
      used_bytes_(memory.base_bytes) {}

uint32_t ShardCache::evict(double now) {
  uint32_t evicted = 0;
  while (over_limit()) {
    const uint32_t key = policy_->victim(entries_, now, rng_);
    if (key == kNoVictim) break;
    drop(key);
    if (evicted_log_ != nullptr) evicted_log_->push_back(key);
    ++evicted;
  }
  return evicted;
}

bool ShardCache::set(uint32_t key, double now, double expires_at, uint32_t name_bytes, uint32_t value_bytes,
                     bool within_limit) {
  if (within_limit && over_limit()) return false;
  const auto bytes = static_cast<uint32_t>(
      std::min<uint64_t>(entry_bytes(memory_, name_bytes, value_bytes, expires_at != kNoExpiry), UINT32_MAX));
  Entry* old = entries_.find(key);
  Entry fresh{expires_at, key, policy_->stored(key, now, old)};
  if (old != nullptr) {
    used_bytes_ -= entries_.bytes_of(key);
    entries_.remove(key);  // the key may move between the TTL and no-TTL tables
  }
  entries_.insert(fresh, bytes);
  used_bytes_ += bytes;
  resize_tables();
  return true;
}

ShardCache::Cycle ShardCache::active_expire(double now, const ActiveExpiryConfig& config) {
  Cycle cycle;
  const double limit_s = config.time_limit_percent / 100.0 / config.hz;
  for (;;) {
    const uint32_t available = entries_.volatile_size();
    if (available == 0) break;
    const uint32_t sampled = std::min(config.keys_per_loop, available);
    uint32_t expired = 0;
    for (uint32_t i = 0; i < sampled; ++i) {
      const Entry* entry = entries_.sample(KeyScope::kVolatile, rng_);
      if (entry == nullptr) break;
      if (now >= entry->expires_at) {
        if (expired_log_ != nullptr) expired_log_->push_back(entry->key);
        drop(entry->key);
        ++expired;
      }
    }
    cycle.examined += sampled;
    cycle.expired += expired;
    cycle.cpu_s += sampled * config.key_cost_s;
    // expire.c: repeat while expired * 100 / sampled > acceptable stale (integer division).
    if (expired * 100 / sampled <= config.acceptable_stale_percent || cycle.cpu_s >= limit_s) break;
  }
  return cycle;
}

void ShardCache::clear() {
  entries_.clear();
  policy_ = policy_->for_shard();
  used_bytes_ = memory_.base_bytes;
  main_buckets_ = expires_buckets_ = 0;
}

}  // namespace cachestorm::models
