#include "models/cache/slot_map.hpp"

#include "models/cache/hash_slot.hpp"

namespace cachestorm::models {

SlotMap::SlotMap(const CacheConfig& config) : owner_(kHashSlots), serving_(config.nodes) {
  for (uint32_t s = 0; s < config.nodes; ++s) serving_[s] = s;
  if (config.slot_ranges.empty()) {
    for (uint32_t slot = 0; slot < kHashSlots; ++slot)
      owner_[slot] = static_cast<uint16_t>(uint64_t{slot} * config.nodes / kHashSlots);
    return;
  }
  for (const auto& range : config.slot_ranges)
    for (uint32_t slot = range.first; slot <= range.last; ++slot) owner_[slot] = static_cast<uint16_t>(range.shard);
}

uint32_t SlotMap::slots_of(uint32_t shard) const {
  uint32_t count = 0;
  for (const uint16_t owner : owner_) count += owner == shard ? 1 : 0;
  return count;
}

void SlotMap::promote(uint32_t shard, uint32_t node) {
  serving_[shard] = node;
  ++epoch_;
}

}  // namespace cachestorm::models
