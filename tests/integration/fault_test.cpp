// A cache node outage, counted exactly: with zero latency every request sent while the only node
// is down is a cache error, none outside the outage is, and the node comes back empty.
#include <gtest/gtest.h>

#include "run/simulate.hpp"
#include "integration/test_scenarios.hpp"

namespace cachestorm {
namespace {


TEST(CacheOutage, EveryRequestDuringTheOutageAndNoOtherIsACacheError) {
  const auto scenario = testing::scenario_from({
      {"duration_s", 30},
      {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 2000}}}, {"keys", {{"type", "uniform"}, {"count", 100}}}}},
      {"cache", {{"ttl_s", 1000.0}, {"warm_start", true}}},
      {"app", {{"cache_timeout_s", 0.01}}},
      {"origin", {{"connections", 1000}, {"service_s", {{"type", "deterministic"}, {"value", 0.001}}}}},
      {"faults", {{{"type", "cache_down"}, {"node", 0}, {"at_s", 10}, {"duration_s", 5}}}},
  });
  const auto result = run::simulate(scenario, 0);
  const testing::MetricView m(*result.metrics);
  ASSERT_EQ(m.windows(), 30u);
  for (size_t w = 0; w < m.windows(); ++w) {
    // GETs reach the shard at their send time; the app gives up 10 ms later and asks the origin.
    if (w >= 10 && w < 15) {
      EXPECT_EQ(m.count(w, "shard_refused"), m.count(w, "requests")) << "window " << w;
      EXPECT_EQ(m.count(w, "shard_hits") + m.count(w, "shard_misses"), 0u) << "window " << w;
    } else {
      EXPECT_EQ(m.count(w, "shard_refused"), 0u) << "window " << w;
    }
    if (w < 10) {
      EXPECT_EQ(m.count(w, "shard_hits"), m.count(w, "requests")) << "warm cache, TTL 1000 s: all hits";
    }
    EXPECT_EQ(m.count(w, "ok"), m.count(w, "requests")) << "every request is answered, by the origin if need be";
  }
  // Back at t = 15 with no data: the first read of each of the 100 keys misses and refills it
  // (a key read again before its 1 ms refill lands misses again, so at least 100 misses).
  EXPECT_GE(m.count(15, "shard_misses"), 100u);
  EXPECT_EQ(m.count(15, "shard_fills") + m.count(16, "shard_fills"),
            m.count(15, "shard_misses") + m.count(16, "shard_misses"));
  for (size_t w = 17; w < 30; ++w) EXPECT_EQ(m.count(w, "shard_misses"), 0u) << "window " << w;
  EXPECT_EQ(m.count(20, "shard_hits"), m.count(20, "requests"));
  // Give-ups skip the write-back, so no fill is attempted during the outage.
  for (size_t w = 10; w < 15; ++w) EXPECT_EQ(m.count(w, "shard_fills"), 0u);
}

}  // namespace
}  // namespace cachestorm

namespace cachestorm {
namespace {

TEST(CacheOutage, OverlappingOutagesKeepTheNodeDownUntilTheLastEnds) {
  // Outages [5, 15) and [10, 20) of the only node: every request sent in [5, 20) is a cache error
  // (with zero latency, send time = arrival at the cache), none outside it.
  const auto scenario = testing::scenario_from({
      {"duration_s", 25},
      {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 2000}}}, {"keys", {{"type", "uniform"}, {"count", 100}}}}},
      {"cache", {{"ttl_s", 1000.0}, {"warm_start", true}}},
      {"origin", {{"connections", 1000}, {"service_s", {{"type", "deterministic"}, {"value", 0.001}}}}},
      {"faults", {{{"type", "cache_down"}, {"node", 0}, {"at_s", 5}, {"duration_s", 10}},
                  {{"type", "cache_down"}, {"node", 0}, {"at_s", 10}, {"duration_s", 10}}}},
  });
  const auto result = run::simulate(scenario, 0);
  const testing::MetricView m(*result.metrics);
  ASSERT_EQ(m.windows(), 25u);
  for (size_t w = 0; w < m.windows(); ++w) {
    EXPECT_GT(m.count(w, "requests"), 0u);
    EXPECT_EQ(m.count(w, "shard_refused"), w >= 5 && w < 20 ? m.count(w, "requests") : 0u) << "window " << w;
  }
}

}  // namespace
}  // namespace cachestorm
