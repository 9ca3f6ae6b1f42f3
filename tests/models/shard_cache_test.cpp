// The shard keyspace (models/cache/shard_cache.hpp) against exact answers: memory accounting as
// Redis counts it (entries + hash table buckets), lazy and active expiry, noeviction's OOM,
// volatile-* without keys that have a TTL, and a contract every registered policy keeps.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "models/cache/shard_cache.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

std::unique_ptr<EvictionPolicy> policy(const std::string& type, int samples = 0) {
  nlohmann::json block = {{"type", type}};
  if (samples > 0) block["samples"] = samples;
  nlohmann::json resolved;
  sim::ConfigReader reader(block, resolved, "eviction");
  return reader.build_typed<EvictionPolicy>("noeviction");
}

MemoryConfig memory_of(uint64_t maxmemory) {
  MemoryConfig memory;
  memory.maxmemory_bytes = maxmemory;
  return memory;
}

// Name 10 B, value 100 B: a 32 B dict entry, the name's sds (14 B in a 16 B class), the value's
// object (16 B) and sds (104 B in a 112 B class): 176 B, and 32 B more for the expires entry.
constexpr uint32_t kName = 10, kValue = 100;
constexpr uint64_t kPersistent = 32 + 16 + 16 + 112, kTimed = kPersistent + 32;

TEST(RedisMemory, ReproducesTheMeasuredBytesPerKey) {
  // scripts/measure_redis_memory.sh on Redis 7.0.15: used_memory per key over 100 000 keys with
  // 12-byte names (models/cache/README.md), without and with a TTL. The hash tables then have
  // 131 072 buckets each: 10.49 B per key per table.
  struct Row {
    uint32_t value;
    double measured, measured_with_ttl;
  };
  const MemoryConfig memory;
  const double bucket_share = 131072.0 * 8 / 100000;
  for (const Row row : {Row{16, 107.0, 149.0}, Row{100, 186.5, 229.0}, Row{1000, 1098.5, 1141.0},
                        Row{10000, 10314.5, 10357.0}}) {
    EXPECT_NEAR(entry_bytes(memory, 12, row.value, false) + bucket_share, row.measured, 1.0) << row.value;
    EXPECT_NEAR(entry_bytes(memory, 12, row.value, true) + 2 * bucket_share, row.measured_with_ttl, 1.0) << row.value;
  }
  EXPECT_EQ(jemalloc_size_class(104), 112u);
  EXPECT_EQ(jemalloc_size_class(1006), 1024u);
  EXPECT_EQ(jemalloc_size_class(10006), 10240u);
  EXPECT_EQ(jemalloc_size_class(129), 160u);
}

TEST(DictBuckets, GrowLikeRedisDictsAndShrinkBelowTenPercent) {
  EXPECT_EQ(dict_buckets_after(0, 1), 4u);
  EXPECT_EQ(dict_buckets_after(4, 4), 4u);
  EXPECT_EQ(dict_buckets_after(4, 5), 8u);
  EXPECT_EQ(dict_buckets_after(8192, 8193), 16384u);
  EXPECT_EQ(dict_buckets_after(16384, 1639), 16384u);  // 10.0 %: kept
  EXPECT_EQ(dict_buckets_after(16384, 1638), 2048u);   // under 10 %: shrunk to fit
  EXPECT_EQ(dict_buckets_after(16384, 0), 16384u);     // an emptied table stays until it is refilled
}

TEST(ShardCache, CountsEntriesAndBucketsAndLazyExpiryFreesMemory) {
  std::vector<uint32_t> where(10, ShardEntries::kNotResident);
  ShardCache cache(memory_of(0), policy("noeviction"), where, sim::Rng(1));
  const uint64_t base = MemoryConfig{}.base_bytes;
  ASSERT_TRUE(cache.set(3, 0.0, 1.0, kName, kValue));
  EXPECT_EQ(cache.used_bytes(), base + kTimed + 2 * 4 * 8);  // two 4-bucket tables
  ASSERT_TRUE(cache.set(4, 0.0, kNoExpiry, kName, kValue));
  EXPECT_EQ(cache.used_bytes(), base + kTimed + kPersistent + 2 * 4 * 8);
  EXPECT_EQ(cache.get(3, 0.5), ShardCache::Found::kHit);
  EXPECT_EQ(cache.used_bytes(), base + kTimed + kPersistent + 2 * 4 * 8);  // expired memory counts until removed
  EXPECT_EQ(cache.get(3, 1.0), ShardCache::Found::kExpired);          // valid while now < expiry
  EXPECT_EQ(cache.used_bytes(), base + kPersistent + 2 * 4 * 8);
  EXPECT_EQ(cache.get(3, 1.0), ShardCache::Found::kMiss);
  EXPECT_EQ(cache.keys(), 1u);
}

TEST(ShardCache, NoevictionRefusesSetsOnceOverMaxmemoryAndStillServesReads) {
  std::vector<uint32_t> where(10, ShardEntries::kNotResident);
  const uint64_t limit = MemoryConfig{}.base_bytes + 2 * 4 * 8 + 2 * kTimed + 1;
  ShardCache cache(memory_of(limit), policy("noeviction"), where, sim::Rng(1));
  EXPECT_TRUE(cache.set(0, 0.0, 100.0, kName, kValue));
  EXPECT_TRUE(cache.set(1, 0.0, 100.0, kName, kValue));
  EXPECT_TRUE(cache.set(2, 0.0, 100.0, kName, kValue));  // under the limit before it: Redis lets it in
  EXPECT_TRUE(cache.over_limit());
  EXPECT_EQ(cache.make_room(0.0), 0u);
  EXPECT_FALSE(cache.set(3, 0.0, 100.0, kName, kValue));  // OOM
  EXPECT_EQ(cache.get(3, 0.0), ShardCache::Found::kMiss);
  EXPECT_EQ(cache.get(1, 0.0), ShardCache::Found::kHit);
  EXPECT_EQ(cache.keys(), 3u);
}

TEST(ShardCache, VolatilePoliciesWithNoTtlKeysBehaveAsNoeviction) {
  for (const char* type : {"volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"}) {
    std::vector<uint32_t> where(10, ShardEntries::kNotResident);
    const uint64_t limit = MemoryConfig{}.base_bytes + 2 * 4 * 8 + 2 * kPersistent;
    ShardCache cache(memory_of(limit), policy(type), where, sim::Rng(1));
    for (uint32_t key = 0; key < 3; ++key) EXPECT_TRUE(cache.set(key, 0.0, kNoExpiry, kName, kValue)) << type;
    EXPECT_EQ(cache.make_room(1.0), 0u) << type;
    EXPECT_FALSE(cache.set(5, 1.0, kNoExpiry, kName, kValue)) << type;
    EXPECT_FALSE(cache.set(6, 1.0, 50.0, kName, kValue)) << type;
    EXPECT_EQ(cache.keys(), 3u) << type;
  }
}

TEST(ShardCache, SampledPoliciesEvictTheWorstKeyWhenTheSampleCoversTheShard) {
  // Ten keys and 64 draws per eviction: the sample holds every key (P(miss one) < 0.2 %, and the
  // seed is fixed), so the victim is the exact worst: idlest, least used, soonest expiring. Key 7
  // is stored at t = 0 and never read; the others are read 20 times at t = 300 s; key 10 comes
  // at t = 330 s. LRU: 7 idles 330 s. LFU: 7's counter (5) has decayed by 5 minutes to 0, below
  // the new key's 5 and the read keys' counters.
  struct Case {
    const char* type;
    uint32_t victim;
  };
  for (const Case& c : {Case{"allkeys-lru", 7}, Case{"volatile-lru", 7}, Case{"volatile-ttl", 2},
                        Case{"allkeys-lfu", 7}, Case{"exact-lru", 7}}) {
    std::vector<uint32_t> where(20, ShardEntries::kNotResident);
    const uint64_t limit = MemoryConfig{}.base_bytes + 2 * 16 * 8 + 10 * kTimed;
    ShardCache cache(memory_of(limit), policy(c.type, std::string(c.type) == "exact-lru" ? 0 : 64), where,
                     sim::Rng(7));
    for (uint32_t key = 0; key < 10; ++key)
      ASSERT_TRUE(cache.set(key, 0.0, key == 2 ? 500.0 : 1000.0 + key, kName, kValue)) << c.type;
    for (int round = 0; round < 20; ++round)
      for (uint32_t key = 0; key < 10; ++key)
        if (key != 7) {
          ASSERT_EQ(cache.get(key, 300.0), ShardCache::Found::kHit);
        }
    ASSERT_TRUE(cache.set(10, 330.0, 2000.0, kName, kValue));
    EXPECT_EQ(cache.make_room(330.0), 1u) << c.type;
    EXPECT_EQ(cache.entries().find(c.victim), nullptr) << c.type << " kept " << c.victim;
    EXPECT_EQ(cache.keys(), 10u) << c.type;
  }
}

TEST(ActiveExpiry, LoopsWhileMoreThanTenPercentExpiredWithinItsTimeLimit) {
  ActiveExpiryConfig config;  // hz 10, 20 keys per loop, 10 %, 25 % of a tick = 25 ms
  config.key_cost_s = 1e-4;   // 2 ms per loop of 20
  std::vector<uint32_t> where(20000, ShardEntries::kNotResident);
  ShardCache cache(memory_of(0), policy("noeviction"), where, sim::Rng(5));
  for (uint32_t key = 0; key < 100; ++key) cache.set(key, 0.0, 1000.0, kName, kValue);
  // Nothing expired: one loop of 20, then stop.
  ShardCache::Cycle cycle = cache.active_expire(1.0, config);
  EXPECT_EQ(cycle.examined, 20u);
  EXPECT_EQ(cycle.expired, 0u);
  EXPECT_DOUBLE_EQ(cycle.cpu_s, 20 * 1e-4);
  // All 100 expired: every draw removes one; five loops empty the table (2 + 2 + ... = 10 ms).
  cycle = cache.active_expire(2000.0, config);
  EXPECT_EQ(cycle.examined, 100u);
  EXPECT_EQ(cycle.expired, 100u);
  EXPECT_EQ(cache.keys(), 0u);
  // 10 000 expired: loops until the cycle's CPU reaches 25 ms: 13 loops of 20.
  for (uint32_t key = 0; key < 10000; ++key) cache.set(key, 0.0, 1.0, kName, kValue);
  cycle = cache.active_expire(5.0, config);
  EXPECT_EQ(cycle.examined, 260u);
  EXPECT_EQ(cycle.expired, 260u);
  EXPECT_EQ(cache.keys(), 10000u - 260u);
  // Keys without a TTL are never looked at.
  std::vector<uint32_t> where2(10, ShardEntries::kNotResident);
  ShardCache persistent(memory_of(0), policy("noeviction"), where2, sim::Rng(5));
  persistent.set(1, 0.0, kNoExpiry, kName, kValue);
  EXPECT_EQ(persistent.active_expire(5.0, config).examined, 0u);
}

// What every registered policy must keep, on a random mix of GETs and SETs (keys with and
// without a TTL, some expiring) over a shard that holds about a tenth of them: after the eviction
// before a command, used memory is under maxmemory unless the policy had no eligible key; a
// volatile-* policy never evicts a key without a TTL; used memory always equals base + the
// entries + the buckets; every entry is found where the position table says.
TEST(EvictionPolicyContract, EveryRegisteredPolicyKeepsMemoryAndScope) {
  const auto names = sim::Registry<EvictionPolicy>::instance().names();
  EXPECT_EQ(names.size(), 9u);  // Redis's eight and exact-lru
  for (const std::string& name : names) {
    std::vector<uint32_t> where(2000, ShardEntries::kNotResident);
    const uint64_t limit = MemoryConfig{}.base_bytes + 200 * kTimed;
    ShardCache cache(memory_of(limit), policy(name), where, sim::Rng(3));
    sim::Rng draws(11);
    const bool volatile_only = name.rfind("volatile-", 0) == 0;
    for (int step = 0; step < 20000; ++step) {
      const double now = step * 0.01;
      const uint32_t key = draws.below(2000);
      const uint32_t persistent_before = cache.keys() - cache.entries().volatile_size();
      const uint32_t evicted = cache.make_room(now);
      const uint32_t persistent_after = cache.keys() - cache.entries().volatile_size();
      if (volatile_only) {
        ASSERT_EQ(persistent_after, persistent_before) << name << " evicted a key without a TTL";
      }
      if (name == "noeviction") {
        ASSERT_EQ(evicted, 0u);
      }
      const bool nothing_eligible = name == "noeviction" || (volatile_only && cache.entries().volatile_size() == 0);
      if (!nothing_eligible) {
        ASSERT_FALSE(cache.over_limit()) << name << " at step " << step;
      }
      if (cache.get(key, now) != ShardCache::Found::kHit) {
        cache.make_room(now);
        const double expires = key % 3 == 0 ? kNoExpiry : now + (key % 3 == 1 ? 5.0 : 1000.0);
        cache.set(key, now, expires, kName, kValue);
      }
      uint64_t entries = 0;
      for (uint32_t i = 0; i < cache.keys(); ++i) {
        const Entry& e = cache.entries().at(i);
        ASSERT_EQ(cache.entries().find(e.key), &e) << name;
        entries += cache.entries().bytes_at(i);
      }
      ASSERT_EQ(cache.used_bytes(), MemoryConfig{}.base_bytes + entries + cache.table_bytes()) << name << " at step " << step;
    }
    EXPECT_GT(cache.keys(), 50u) << name;
  }
}

}  // namespace
}  // namespace cachestorm::models
