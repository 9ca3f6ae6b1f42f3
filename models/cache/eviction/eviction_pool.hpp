// Redis's eviction pool (evict.c, evictionPoolPopulate and the loop of performEvictions), shared
// by the sampled policies (LRU, LFU, volatile-ttl): each eviction samples maxmemory-samples keys
// of its scope into a 16-entry pool kept in ascending score order (higher: evict sooner); a
// sample scoring no higher than every entry of a full pool is dropped; otherwise it goes before
// the first entry scoring at least as high, pushing the lowest entry out of a full pool. The
// victim is the highest-scoring entry whose key is still in the scope; entries whose key is gone
// are dropped on the way. Scores are not refreshed: a key accessed after it entered the pool
// keeps its old score until it is evicted or pushed out, as in Redis.
// Simplified: Redis samples with dictGetSomeKeys (a run of buckets from a random place, so keys
// of one sample are distinct and neighbours in the table); here each sample is a uniform draw.
#pragma once
#include <array>
#include <cstdint>

#include "models/cache/eviction_policy.hpp"

namespace cachestorm::models {

class EvictionPool {
 public:
  static constexpr int kSize = 16;  // evict.c: EVPOOL_SIZE
  static constexpr uint32_t kMaxSamples = 64;  // the largest maxmemory-samples a scenario may give

  // Fills the pool with `samples` draws from the scope, scored by score(entry), then takes the
  // best candidate out of it. Returns kNoVictim if the scope is empty.
  template <class Score>
  uint32_t pick(const ShardEntries& entries, KeyScope scope, uint32_t samples, sim::Rng& rng, Score score) {
    for (;;) {
      const uint32_t n = entries.size(scope);
      if (n == 0) return kNoVictim;
      // The same draws as one sample at a time, but every sampled entry is requested from memory
      // before the first is scored, so their cache misses overlap.
      uint32_t drawn[kMaxSamples];
      for (uint32_t s = 0; s < samples; ++s) {
        drawn[s] = rng.below(n);
        entries.prefetch_at(drawn[s]);
      }
      for (uint32_t s = 0; s < samples; ++s) {
        const Entry& sampled = entries.at(drawn[s]);
        insert(sampled.key, score(sampled));
      }
      for (int k = kSize - 1; k >= 0; --k) {
        if (!pool_[k].used) continue;
        const uint32_t key = pool_[k].key;
        pool_[k].used = false;
        if (in_scope(entries, key, scope)) return key;
      }
    }
  }
  // Empties the pool (the shard lost its data).
  void clear() { pool_ = {}; }

 private:
  struct Candidate {
    double score = 0.0;
    uint32_t key = 0;
    bool used = false;
  };
  void insert(uint32_t key, double score);
  static bool in_scope(const ShardEntries& entries, uint32_t key, KeyScope scope);

  std::array<Candidate, kSize> pool_{};
};

}  // namespace cachestorm::models
