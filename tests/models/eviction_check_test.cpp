// The shards' eviction against a real redis-server, and exact LRU against a brute-force LRU.
//
// results/redis_eviction_check.json holds what Debian's redis-server did with the eviction check
// stream (models/cache/eviction_check.hpp; written by scripts/redis_eviction_check.sh, which
// says how): the hit ratio over the second half per maxmemory-policy and memory fraction. The
// model replays the same stream with the same maxmemory and base memory, and must come within
// 1 % absolute of every run. The live test runs the script's short check against a fresh server
// (the bootstrap installs redis-server) and compares the same way.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <list>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "models/cache/eviction_check.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

std::unique_ptr<EvictionPolicy> policy_named(const std::string& type) {
  const nlohmann::json block = {{"type", type}};
  nlohmann::json resolved;
  sim::ConfigReader reader(block, resolved, "eviction");
  return reader.build_typed<EvictionPolicy>("noeviction");
}

EvictionCheckStream stream_of(const nlohmann::json& s) {
  EvictionCheckStream stream;
  stream.keys = s["keys"];
  stream.alpha = s["alpha"];
  stream.requests = s["requests"];
  stream.rate_per_s = s["rate_per_s"];
  stream.value_bytes = s["value_bytes"];
  stream.ttl_s = s["ttl_s"];
  stream.seed = s["seed"];
  stream.batch = s["batch"];
  return stream;
}

// What the server itself held while it served the replay, beside its keys: its used memory at the
// end minus what the model says its keys and hash tables cost. Every key of the check costs the
// same (names of 5-9 bytes share jemalloc's 16 B class), so no key list is needed. Measured this
// way it is ~1 024 000 B at both fractions, ~84 KB above the idle server's (the connection's
// buffers while pipelining): a constant of the server, not of the keys, so the model takes it
// as its base.
uint64_t serving_base_bytes(const EvictionCheckStream& stream, const nlohmann::json& run) {
  const MemoryConfig memory;
  const uint64_t keys = run["keys_at_end"];
  const uint64_t per_key = entry_bytes(memory, eviction_check_name_bytes(10000), stream.value_bytes, true);
  const uint64_t tables = 2 * dict_buckets_after(0, keys) * memory.bucket_bytes;
  return run["used_memory_at_end"].get<uint64_t>() - keys * per_key - tables;
}

// The model's hit ratio for one run of the document.
ReplayCounts model_run(const EvictionCheckStream& stream, const std::vector<uint32_t>& keys, const nlohmann::json& run) {
  MemoryConfig memory;
  memory.maxmemory_bytes = run["maxmemory_bytes"];
  memory.base_bytes = serving_base_bytes(stream, run);
  std::vector<uint32_t> where(stream.keys, ShardEntries::kNotResident);
  ShardCache cache(memory, policy_named(run["policy"]), where, sim::RngStreams(1, 0).stream("cache/shard/0"));
  return replay_cache_aside(stream, keys, cache);
}

// Compares every run of a document; returns how many it compared.
int compare_with_redis(const nlohmann::json& document) {
  const EvictionCheckStream stream = stream_of(document["stream"]);
  const std::vector<uint32_t> keys = eviction_check_keys(stream);
  int compared = 0;
  for (const auto& run : document["runs"]) {
    const ReplayCounts model = model_run(stream, keys, run);
    const double redis = run["hit_ratio"];
    std::printf("[ measured ] %-16s %.0f %%: Redis %s hit ratio %.4f (%lld keys at the end), model %.4f (%u keys), "
                "deviation %+.4f (serving base %llu B, idle %llu B)\n",
                run["policy"].get<std::string>().c_str(), 100 * run["fraction"].get<double>(),
                run["redis_version"].get<std::string>().c_str(), redis, run["keys_at_end"].get<long long>(),
                model.hit_ratio(), model.keys_at_end, model.hit_ratio() - redis,
                static_cast<unsigned long long>(serving_base_bytes(stream, run)),
                static_cast<unsigned long long>(run["base_bytes"].get<uint64_t>()));
    EXPECT_NEAR(model.hit_ratio(), redis, 0.01) << run["policy"] << " at " << run["fraction"];
    ++compared;
  }
  return compared;
}

TEST(EvictionCheck, ModelHitRatioIsWithinOnePercentOfRealRedisForEveryPolicyAndFraction) {
  std::ifstream file(std::string(CACHESTORM_SOURCE_DIR) + "/results/redis_eviction_check.json");
  ASSERT_TRUE(file.good()) << "results/redis_eviction_check.json is missing";
  const nlohmann::json document = nlohmann::json::parse(file);
  EXPECT_GE(document["stream"]["requests"].get<uint64_t>(), 1'000'000u);
  EXPECT_GE(compare_with_redis(document), 10);  // allkeys-lru/lfu/random, volatile-ttl/lru at 10 % and 30 %
}

TEST(EvictionCheck, LiveShortReplayOnAFreshRedisServerMatchesTheModel) {
  const std::string out = ::testing::TempDir() + "/live_eviction_check.json";
  const std::string command = std::string("CACHESTORM_BIN=") + CACHESTORM_BINARY + " bash " + CACHESTORM_SOURCE_DIR +
                              "/scripts/redis_eviction_check.sh --short " + out + " 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream file(out);
  const nlohmann::json document = nlohmann::json::parse(file);
  EXPECT_EQ(compare_with_redis(document), 1);
}

// A textbook LRU with Redis's memory accounting: evict the least recently used key while used
// memory is over the limit, before every command.
class BruteForceLru {
 public:
  BruteForceLru(const EvictionCheckStream& stream, const MemoryConfig& memory) : stream_(stream), memory_(memory) {}
  bool get(uint32_t key) {
    make_room();
    const auto found = position_.find(key);
    if (found == position_.end()) return false;
    order_.splice(order_.begin(), order_, found->second);
    return true;
  }
  void set(uint32_t key) {
    make_room();
    if (over()) return;
    if (const auto found = position_.find(key); found != position_.end()) {  // the same value again
      order_.splice(order_.begin(), order_, found->second);
      return;
    }
    order_.push_front(key);
    position_[key] = order_.begin();
    entries_bytes_ += entry_bytes(key);
    buckets_ = dict_buckets_after(buckets_, order_.size());
  }
  size_t size() const { return order_.size(); }

 private:
  uint64_t entry_bytes(uint32_t key) const {
    return models::entry_bytes(memory_, eviction_check_name_bytes(key), stream_.value_bytes, true);
  }
  bool over() const { return memory_.base_bytes + entries_bytes_ + 2 * buckets_ * memory_.bucket_bytes > memory_.maxmemory_bytes; }
  void make_room() {
    while (over() && !order_.empty()) {
      const uint32_t victim = order_.back();
      order_.pop_back();
      position_.erase(victim);
      entries_bytes_ -= entry_bytes(victim);
      buckets_ = dict_buckets_after(buckets_, order_.size());
    }
  }
  EvictionCheckStream stream_;
  MemoryConfig memory_;
  std::list<uint32_t> order_;
  std::unordered_map<uint32_t, std::list<uint32_t>::iterator> position_;
  uint64_t entries_bytes_ = 0, buckets_ = 0;
};

TEST(EvictionCheck, ExactLruEqualsABruteForceLruHitForHit) {
  EvictionCheckStream stream;
  stream.requests = 300'000;
  const std::vector<uint32_t> keys = eviction_check_keys(stream);
  for (double fraction : {0.1, 0.3}) {
    MemoryConfig memory;
    memory.maxmemory_bytes = eviction_check_maxmemory(stream, memory, fraction);
    std::vector<uint32_t> where(stream.keys, ShardEntries::kNotResident);
    ShardCache cache(memory, policy_named("exact-lru"), where, sim::Rng(1));
    std::vector<bool> model_hits;
    replay_cache_aside(stream, keys, cache, &model_hits);

    BruteForceLru brute(stream, memory);
    std::vector<uint32_t> missed;
    size_t differing = 0, i = 0, hits = 0;
    for (uint64_t first = 0; first < keys.size(); first += stream.batch) {
      missed.clear();
      for (uint64_t j = first; j < std::min<uint64_t>(first + stream.batch, keys.size()); ++j, ++i) {
        const bool hit = brute.get(keys[j]);
        if (!hit) missed.push_back(keys[j]);
        differing += hit != model_hits[i] ? 1 : 0;
        hits += hit ? 1 : 0;
      }
      for (uint32_t key : missed) brute.set(key);
    }
    EXPECT_EQ(differing, 0u) << "fraction " << fraction;
    EXPECT_EQ(cache.keys(), brute.size()) << "fraction " << fraction;
    EXPECT_GT(hits, keys.size() / 4);  // the comparison covers both hits and misses
    EXPECT_LT(hits, keys.size() - keys.size() / 4);
  }
}

}  // namespace
}  // namespace cachestorm::models
