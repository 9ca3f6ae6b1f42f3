// Serving a GET at its send (models/cache/cache_cluster_at_send.cpp) is exact: every shipped
// request-path scenario it applies to, a busy one with shard crashes, and one with links of no
// latency at all give the very same windows and summary, bit for bit, with it and with every GET
// travelling as a message. And it is taken: most GETs of steady are served at their send, none
// where a class keeps ordered state (single flight) or the client retries.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "analysis/run_report.hpp"
#include "integration/cli_helpers.hpp"
#include "integration/test_scenarios.hpp"
#include "run/simulate.hpp"

namespace cachestorm {
namespace {

models::Scenario shipped(const std::string& name, double duration_s) {
  auto document = nlohmann::json::parse(
      testing::read_file(std::string(CACHESTORM_SOURCE_DIR) + "/scenarios/" + name + ".json"));
  document["duration_s"] = duration_s;
  return models::parse_scenario(document);
}

// Runs the scenario both ways; expects identical outputs; returns the share of GETs served ahead.
double share_served_at_send(const models::Scenario& scenario, const std::string& what) {
  run::RunControl messages;
  messages.serve_at_send = false;
  const auto ahead = run::simulate_without_engine(scenario, 0);
  const auto plain = run::simulate_without_engine(scenario, 0, messages);
  EXPECT_EQ(plain.served_at_send, 0u) << what;
  EXPECT_EQ(ahead.requests, plain.requests) << what;
  EXPECT_EQ(ahead.events, plain.events) << what << ": an event served ahead still counts";
  EXPECT_EQ(analysis::timeseries_csv(*ahead.metrics), analysis::timeseries_csv(*plain.metrics)) << what;
  EXPECT_EQ(analysis::summary_json(*ahead.metrics, ahead.facts), analysis::summary_json(*plain.metrics, plain.facts))
      << what;
  const double share = static_cast<double>(ahead.served_at_send) / static_cast<double>(ahead.requests);
  std::printf("[ measured ] %s: %.4f commands served ahead of the clock per request (GETs, and fills before them)\n", what.c_str(), share);
  return share;
}

// The bound below: in these scenarios a GET keeps the message path only when an expiry tick
// (10 Hz) or a window's end (1 Hz) falls within its 0.25 ms flight, 0.275 % of sends, and such a
// GET is still served ahead by the next GET to its shard; fills served ahead count on top. So at
// least 0.99 commands per request are served ahead.
TEST(ServeAtSend, SteadyAndShardedAreExactAndMostGetsAreServedAtSend) {
  // 50 000 requests/s over one or four shards; a cold cache, so fills are in flight all the time
  // and are served ahead of the GETs behind them.
  EXPECT_GT(share_served_at_send(shipped("steady", 6), "steady"), 0.99);
  EXPECT_GT(share_served_at_send(shipped("steady_sharded", 6), "steady_sharded"), 0.99);
}

TEST(ServeAtSend, EvictionStampedesAndSparseKeysAreExact) {
  EXPECT_GT(share_served_at_send(shipped("steady_evicting", 8), "steady_evicting"), 0.99);
  EXPECT_GT(share_served_at_send(shipped("stampede", 40), "stampede"), 0.99);
  EXPECT_GT(share_served_at_send(shipped("sparse_keyspace", 8), "sparse_keyspace"), 0.99);
}

TEST(ServeAtSend, OrderedClassesAndRetriesKeepTheMessagePath) {
  EXPECT_EQ(share_served_at_send(shipped("stampede_single_flight", 30), "stampede_single_flight"), 0.0);
  EXPECT_EQ(share_served_at_send(shipped("retry_storm", 130), "retry_storm"), 0.0);
}

TEST(ServeAtSend, ShardCrashesAndLinksWithoutLatencyAreExact) {
  // testing::busy_scenario(): a shard's GETs keep the message path while it is down (one of three
  // shards for 7.5 s, another for the last 10.5 s of 40.5 s: 14.8 % of GETs), all others go ahead
  // as in steady (below): at least 0.80 per request.
  const auto busy = models::parse_scenario(testing::busy_scenario());
  EXPECT_GT(share_served_at_send(busy, "three shards, two crashes"), 0.80);
  // No latency anywhere: a GET arrives at its send, and fills in the same instant tie with it; a
  // flight of no length meets no tick or window end, so every GET goes ahead (again >= 0.99).
  auto instant = testing::scenario_from({
      {"duration_s", 20},
      {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 5000}}},
                    {"keys", {{"type", "zipf"}, {"count", 20000}, {"s", 1.0}}}}},
      {"cache", {{"nodes", 2}, {"ttl_s", 2.0}}},
      {"origin", {{"connections", 8}, {"service_s", {{"type", "exponential"}, {"mean", 0.001}}}}},
  });
  EXPECT_GT(share_served_at_send(instant, "no latency"), 0.99);
}

}  // namespace
}  // namespace cachestorm
