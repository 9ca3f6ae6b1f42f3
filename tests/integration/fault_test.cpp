// A cache node outage, counted exactly: with zero latency every request sent while the only node
// is down is a cache error, none outside the outage is, and the node comes back empty.
#include <gtest/gtest.h>

#include "run/simulate.hpp"
#include "integration/test_scenarios.hpp"

namespace cachestorm {
namespace {

using namespace analysis;

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
  const auto windows = result.collector->windows();
  ASSERT_EQ(windows.size(), 30u);
  for (size_t w = 0; w < windows.size(); ++w) {
    const auto& c = windows[w].counts;
    if (w >= 10 && w < 15) {
      EXPECT_EQ(c[kCacheErrors], c[kRequests]) << "window " << w;
      EXPECT_EQ(c[kHits] + c[kMisses], 0u) << "window " << w;
    } else {
      EXPECT_EQ(c[kCacheErrors], 0u) << "window " << w;
    }
    if (w < 10) {
      EXPECT_EQ(c[kHits], c[kRequests]) << "warm cache, TTL 1000 s: all hits before the outage";
    }
  }
  // Back at t = 15 with no data: the first read of each of the 100 keys misses and refills it
  // (a key read again before its 1 ms refill lands misses again, so at least 100 misses).
  EXPECT_GE(windows[15].counts[kMisses], 100u);
  EXPECT_EQ(windows[15].counts[kCacheFills] + windows[16].counts[kCacheFills],
            windows[15].counts[kMisses] + windows[16].counts[kMisses]);
  for (size_t w = 17; w < 30; ++w) EXPECT_EQ(windows[w].counts[kMisses], 0u) << "window " << w;
  EXPECT_EQ(windows[20].counts[kHits], windows[20].counts[kRequests]);
  // Cache errors skip the write-back, so no fill is attempted during the outage.
  for (size_t w = 10; w < 15; ++w) EXPECT_EQ(windows[w].counts[kCacheFillsLost] + windows[w].counts[kCacheFills], 0u);
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
  const auto windows = result.collector->windows();
  ASSERT_EQ(windows.size(), 25u);
  for (size_t w = 0; w < windows.size(); ++w) {
    const auto& c = windows[w].counts;
    EXPECT_GT(c[analysis::kRequests], 0u);
    EXPECT_EQ(c[analysis::kCacheErrors], w >= 5 && w < 20 ? c[analysis::kRequests] : 0u) << "window " << w;
  }
}

}  // namespace
}  // namespace cachestorm
