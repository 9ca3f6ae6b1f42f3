// Every nullable key: an explicit null means what scenarios/README.md says, not "the default".
// The load is an origin overloaded ten-fold: 1 000 req/s with the cache off against one
// connection at a deterministic 10 ms (100 queries/s), zero network latency, 10 s.
#include <gtest/gtest.h>

#include "run/simulate.hpp"
#include "integration/test_scenarios.hpp"

namespace cachestorm {
namespace {


nlohmann::json overloaded() {
  return {{"duration_s", 10},
          {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 1000}}}, {"keys", {{"type", "uniform"}, {"count", 100}}}}},
          {"cache", {{"enabled", false}}},
          {"origin", {{"connections", 1}, {"service_s", {{"type", "deterministic"}, {"value", 0.01}}}}}};
}

struct Totals {
  uint64_t client_timeouts, ok, origin_completed, origin_rejected, origin_queue_timeouts;
};

Totals totals_of(const nlohmann::json& document) {
  const auto scenario = testing::scenario_from(document);
  const auto result = run::simulate_without_engine(scenario, 0);
  const testing::MetricView m(*result.metrics);
  return {m.count("client_timeouts"), m.count("ok"), m.count("origin_queries_completed"), m.count("origin_rejected"),
          m.count("origin_queue_timeouts")};
}

TEST(NullableKeys, ClientTimeoutNullMeansClientsWaitForever) {
  auto document = overloaded();
  const auto with_default = totals_of(document);
  EXPECT_GT(with_default.client_timeouts, 0u) << "the default 1 s timeout must bite under this load";
  document["client"] = {{"timeout_s", nullptr}};
  const auto scenario = testing::scenario_from(document);
  EXPECT_FALSE(scenario.client.timeout_s.has_value());
  EXPECT_TRUE(scenario.resolved["client"]["timeout_s"].is_null());
  const auto totals = totals_of(document);
  EXPECT_EQ(totals.client_timeouts, 0u);
  // With zero latency every completed query is a response the client waited for.
  EXPECT_EQ(totals.ok, totals.origin_completed);
  EXPECT_NEAR(static_cast<double>(totals.origin_completed), 1000.0, 1.0);  // 10 s at 100 queries/s
}

TEST(NullableKeys, QueueLimitNullMeansAnUnboundedQueue) {
  auto document = overloaded();
  document["origin"]["queue_limit"] = 10;
  EXPECT_GT(totals_of(document).origin_rejected, 0u);
  document["origin"]["queue_limit"] = nullptr;
  const auto scenario = testing::scenario_from(document);
  EXPECT_FALSE(scenario.origin.queue_limit.has_value());
  const auto result = run::simulate_without_engine(scenario, 0);
  const testing::MetricView m(*result.metrics);
  EXPECT_EQ(m.count("origin_rejected"), 0u);
  EXPECT_GT(m.peak("origin_queue"), 8000.0);  // ~900 more arrivals than completions each second
}

TEST(NullableKeys, QueueTimeoutNullMeansQueriesWaitAsLongAsItTakes) {
  auto document = overloaded();
  document["origin"]["queue_timeout_s"] = 0.5;
  EXPECT_GT(totals_of(document).origin_queue_timeouts, 0u);
  document["origin"]["queue_timeout_s"] = nullptr;
  EXPECT_FALSE(testing::scenario_from(document).origin.queue_timeout_s.has_value());
  EXPECT_EQ(totals_of(document).origin_queue_timeouts, 0u);
}

TEST(NullableKeys, FaultDurationNullMeansTheNodeNeverComesBack) {
  const nlohmann::json document = {
      {"duration_s", 10},
      {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 1000}}}, {"keys", {{"type", "uniform"}, {"count", 100}}}}},
      {"cache", {{"ttl_s", 1000.0}, {"warm_start", true}}},
      {"faults", {{{"type", "cache_down"}, {"node", 0}, {"at_s", 3}, {"duration_s", nullptr}}}}};
  const auto scenario = testing::scenario_from(document);
  const auto result = run::simulate_without_engine(scenario, 0);
  const testing::MetricView m(*result.metrics);
  ASSERT_EQ(m.windows(), 10u);
  for (size_t w = 3; w < 10; ++w) EXPECT_EQ(m.count(w, "shard_refused"), m.count(w, "requests")) << "window " << w;
}

}  // namespace
}  // namespace cachestorm
