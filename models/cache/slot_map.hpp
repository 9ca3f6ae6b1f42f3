// Where a key's commands go in the cache tier: which shard owns each of the 16384 hash slots
// (spread evenly in shard order, or as cache.slot_ranges says), which node serves each shard, and
// an epoch that advances whenever a shard's serving node changes (Redis Cluster's config epoch:
// a client that knows an older epoch may send to a node that no longer serves the slot). Plain
// data; it holds no keys (models/cache/hash_slot.hpp gives a key's slot) and serves nothing.
#pragma once
#include <cstdint>
#include <vector>

#include "models/cache/cache_config.hpp"

namespace cachestorm::models {

class SlotMap {
 public:
  // Shard s is served by node s at epoch 0. REQUIRES: config's slot ranges (if any) cover every
  // slot with shards < config.nodes (the scenario reader checks this).
  explicit SlotMap(const CacheConfig& config);

  uint32_t shard_of_slot(uint32_t slot) const { return owner_[slot]; }
  uint32_t shard_count() const { return static_cast<uint32_t>(serving_.size()); }
  uint32_t node_of(uint32_t shard) const { return serving_[shard]; }
  uint64_t epoch() const { return epoch_; }
  // How many hash slots the shard owns.
  uint32_t slots_of(uint32_t shard) const;
  // From now on `node` serves `shard` (a promotion); the epoch advances. REQUIRES: shard <
  // shard_count().
  void promote(uint32_t shard, uint32_t node);

 private:
  std::vector<uint16_t> owner_;     // [slot] -> shard
  std::vector<uint32_t> serving_;   // [shard] -> node
  uint64_t epoch_ = 0;
};

}  // namespace cachestorm::models
