// The slot map: every one of the 16384 slots has one shard, shards own contiguous runs in shard
// order when spread evenly (the sizes differ by at most one), slot_ranges are taken as written,
// and a promotion changes the serving node and advances the epoch.
#include <gtest/gtest.h>

#include <vector>

#include "models/cache/hash_slot.hpp"
#include "models/cache/slot_map.hpp"

namespace cachestorm::models {
namespace {

TEST(SlotMap, AnEvenSpreadGivesEachShardOneContiguousRunOfNearlyEqualSize) {
  for (const uint32_t shards : {1u, 2u, 3u, 7u, 1000u}) {
    CacheConfig config;
    config.nodes = shards;
    const SlotMap map(config);
    std::vector<uint32_t> owned(shards, 0);
    for (uint32_t slot = 0; slot < kHashSlots; ++slot) {
      const uint32_t shard = map.shard_of_slot(slot);
      ASSERT_LT(shard, shards);
      if (slot > 0) {
        ASSERT_LE(map.shard_of_slot(slot - 1), shard) << "runs in shard order";
      }
      ++owned[shard];
    }
    const uint32_t low = kHashSlots / shards;
    for (uint32_t s = 0; s < shards; ++s) {
      EXPECT_GE(owned[s], low) << shards << " shards, shard " << s;
      EXPECT_LE(owned[s], low + 1) << shards << " shards, shard " << s;
    }
    EXPECT_EQ(map.shard_count(), shards);
  }
}

TEST(SlotMap, SlotRangesAreTakenAsWritten) {
  CacheConfig config;
  config.nodes = 2;
  config.slot_ranges = {{1, 0, 99}, {0, 100, kHashSlots - 1}};
  const SlotMap map(config);
  EXPECT_EQ(map.shard_of_slot(0), 1u);
  EXPECT_EQ(map.shard_of_slot(99), 1u);
  EXPECT_EQ(map.shard_of_slot(100), 0u);
  EXPECT_EQ(map.shard_of_slot(kHashSlots - 1), 0u);
}

TEST(SlotMap, APromotionChangesTheServingNodeAndAdvancesTheEpoch) {
  CacheConfig config;
  config.nodes = 3;
  SlotMap map(config);
  for (uint32_t s = 0; s < 3; ++s) EXPECT_EQ(map.node_of(s), s);
  EXPECT_EQ(map.epoch(), 0u);
  map.promote(1, 4);
  EXPECT_EQ(map.node_of(1), 4u);
  EXPECT_EQ(map.node_of(0), 0u);
  EXPECT_EQ(map.epoch(), 1u);
  map.promote(1, 1);
  EXPECT_EQ(map.node_of(1), 1u);
  EXPECT_EQ(map.epoch(), 2u);
  EXPECT_EQ(map.shard_of_slot(8000), 1u) << "slots stay with their shard";
}

}  // namespace
}  // namespace cachestorm::models
