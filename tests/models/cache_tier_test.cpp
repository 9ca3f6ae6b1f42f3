// The cache tier's TTL, lazy expiry and node loss, with exact times.
#include <gtest/gtest.h>

#include "models/cache_tier.hpp"

namespace cachestorm::models {
namespace {

TEST(CacheTier, EntryValidForTtlAfterFillThenExpiresOnce) {
  CacheConfig config;
  config.ttl_s = 10;
  CacheTier cache(config, 4);
  EXPECT_EQ(cache.lookup(2, 0.0), CacheTier::Lookup::kMiss);
  ASSERT_TRUE(cache.fill(2, 1.0));
  EXPECT_EQ(cache.lookup(2, 10.999), CacheTier::Lookup::kHit);
  EXPECT_EQ(cache.lookup(2, 11.0), CacheTier::Lookup::kExpired);  // valid while now < fill + ttl
  EXPECT_EQ(cache.lookup(2, 11.5), CacheTier::Lookup::kMiss);     // expiry is reported once
  EXPECT_EQ(cache.resident_keys(5.0), 0u);
}

TEST(CacheTier, WarmStartFillsEveryKeyAtTimeZero) {
  CacheConfig config;
  config.ttl_s = 60;
  config.warm_start = true;
  CacheTier cache(config, 1000);
  EXPECT_EQ(cache.resident_keys(59.9), 1000u);
  EXPECT_EQ(cache.resident_keys(60.0), 0u);
}

TEST(CacheTier, NodeLossDropsOnlyThatNodesKeysAndRefusesFills) {
  CacheConfig config;
  config.nodes = 3;
  config.warm_start = true;
  CacheTier cache(config, 3000);
  uint32_t on_node_one = 0;
  for (uint32_t k = 0; k < 3000; ++k) on_node_one += cache.node_of(k) == 1 ? 1 : 0;
  ASSERT_GT(on_node_one, 0u);
  cache.set_node_up(1, false);
  EXPECT_EQ(cache.resident_keys(1.0), 3000u - on_node_one);
  uint32_t key = 0;
  while (cache.node_of(key) != 1) ++key;
  EXPECT_EQ(cache.lookup(key, 1.0), CacheTier::Lookup::kNodeDown);
  EXPECT_FALSE(cache.fill(key, 1.0));
  cache.set_node_up(1, true);  // back, but empty (no persistence)
  EXPECT_EQ(cache.lookup(key, 2.0), CacheTier::Lookup::kMiss);
}

}  // namespace
}  // namespace cachestorm::models
