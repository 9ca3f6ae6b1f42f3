// What a shard evicts when its used memory is over maxmemory: Redis's maxmemory-policy, chosen by
// "type" in cache.eviction ("allkeys-lru", "volatile-ttl", "noeviction", ...; each in its own file
// under models/cache/eviction/, registered by name, plus "exact-lru" for analysis). A policy keeps
// what it needs per key in Entry::access (as Redis keeps it in the object's 24-bit lru field) or
// in state of its own, and picks one victim at a time; the shard (models/cache/shard_cache.hpp)
// calls it until its memory is under the limit or the policy has no victim (then a write that
// needs memory fails with OOM, as under noeviction).
// Not thread-safe: one policy object per shard (for_shard()).
#pragma once
#include <cstdint>
#include <memory>

#include "models/cache/shard_entries.hpp"
#include "sim/rng.hpp"

namespace cachestorm::models {

inline constexpr uint32_t kNoVictim = UINT32_MAX;

class EvictionPolicy {
 public:
  virtual ~EvictionPolicy() = default;
  // A policy with the same settings and no state, for one more shard.
  virtual std::unique_ptr<EvictionPolicy> for_shard() const = 0;
  // Memory the policy keeps per key of the key space, resident or not (for the up-front estimate).
  virtual double bytes_per_key() const { return 0.0; }
  // Whether it ever evicts (false: noeviction).
  virtual bool evicts() const { return true; }

  // The access field for an entry stored at now: new (previous == nullptr) or replacing one.
  virtual uint32_t stored(uint32_t key, double now, const Entry* previous) {
    (void)key, (void)now, (void)previous;
    return 0;
  }
  // A GET read the entry at now.
  virtual void accessed(Entry& entry, double now, sim::Rng& rng) { (void)entry, (void)now, (void)rng; }
  // The key's entry is gone (evicted, expired, or lost with the shard).
  virtual void removed(uint32_t key) { (void)key; }
  // The key to evict from `entries` at now, or kNoVictim if no key is eligible. The key is
  // resident; the shard removes it and calls removed().
  virtual uint32_t victim(const ShardEntries& entries, double now, sim::Rng& rng) = 0;
};

// Redis's LRU clock: whole seconds (evict.c: LRU_CLOCK_RESOLUTION 1000 ms, 24 bits). The
// simulated clock starts at 0, so the 24-bit wrap (194 days) never happens in a run.
inline uint32_t lru_clock(double now) { return static_cast<uint32_t>(now); }

}  // namespace cachestorm::models
