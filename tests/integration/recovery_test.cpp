// Time to recover (analysis/recovery_report.hpp) on an incident whose recovery is known exactly:
// one key read 1000 times a second, always cached, on a shard that is down from 10 s to 20 s.
// While it is down every request waits app.cache_timeout_s (50 ms) and reads the origin: windows
// 10-19 are out of the band on both measures. The shard comes back empty at 20 s: the first
// reads after it miss and fetch (1 ms), so window 20 has origin queries (the baseline had none)
// but a normal p99 (two slightly slower requests of ~1000). From 21 s everything is as before.
// So: recovered at 21 s (11 s after the incident, 11 windows out of band), p99 alone at 20 s.
// A shard that never comes back never recovers; a fault in the first 5 s has no baseline, nor
// one before a warm start's keys first expire, nor one after seconds of falling origin load.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "analysis/recovery_report.hpp"
#include "integration/test_scenarios.hpp"
#include "run/simulate.hpp"

namespace cachestorm {
namespace {

using nlohmann::json;

json one_hot_key(json fault) {
  return {{"duration_s", 40},
          {"workload",
           {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 1000}}},
            {"key_classes", json::array({{{"keys", {{"type", "uniform"}, {"count", 1}}}, {"ttl_s", 1000.0}}})}}},
          {"cache", {{"warm_start", true}}},
          {"origin", {{"connections", 1000}, {"service_s", {{"type", "deterministic"}, {"value", 0.001}}}}},
          {"faults", json::array({fault})}};
}

json recovery_of(const json& document) {
  const auto scenario = testing::scenario_from(document);
  const auto run = run::simulate_without_engine(scenario, 0);
  return analysis::recovery_json(*run.metrics, analysis::incidents_of(scenario.resolved), 0.0)["faults.0"];
}

TEST(Recovery, AShardOutageRecoversOneWindowAfterTheShardReturnsEmpty) {
  const json r = recovery_of(one_hot_key({{"type", "cache_down"}, {"node", 0}, {"at_s", 10}, {"duration_s", 10}}));
  EXPECT_EQ(r["at_s"], 10.0);
  EXPECT_EQ(r["baseline_origin_queries_per_s"], 0.0);
  EXPECT_LT(r["baseline_p99_s"].get<double>(), 0.002);
  EXPECT_EQ(r["recovered_at_s"], 21.0);
  EXPECT_EQ(r["time_to_recover_s"], 11.0);
  EXPECT_EQ(r["seconds_out_of_band"], 11);
  EXPECT_EQ(r["p99_recovered_at_s"], 20.0);
  EXPECT_EQ(r["p99_time_to_recover_s"], 10.0);
}

TEST(Recovery, AShardThatNeverReturnsNeverRecoversAndAnEarlyFaultHasNoBaseline) {
  const json never = recovery_of(one_hot_key({{"type", "cache_down"}, {"node", 0}, {"at_s", 10}, {"duration_s", nullptr}}));
  EXPECT_TRUE(never["recovered_at_s"].is_null());
  EXPECT_TRUE(never["time_to_recover_s"].is_null());
  EXPECT_TRUE(never["p99_recovered_at_s"].is_null());
  EXPECT_EQ(never["seconds_out_of_band"], 30);  // windows 10-39
  const json early = recovery_of(one_hot_key({{"type", "cache_down"}, {"node", 0}, {"at_s", 4}, {"duration_s", 5}}));
  EXPECT_TRUE(early["baseline_p99_s"].is_null());  // 4 windows before it: fewer than 5
  EXPECT_TRUE(early["recovered_at_s"].is_null());
}

TEST(Recovery, IncidentsAreTheFaultsAndTheExpiryOfWarmClassesInsideTheRun) {
  json document = one_hot_key({{"type", "cache_down"}, {"node", 0}, {"at_s", 30}, {"duration_s", 1}});
  document["workload"]["key_classes"][0]["ttl_s"] = 12.5;
  document["workload"]["key_classes"][0]["name"] = "hot";
  document["workload"]["key_classes"].push_back({{"name", "cold"}, {"keys", {{"type", "uniform"}, {"count", 10}}}, {"ttl_s", 400}});
  const auto incidents = analysis::incidents_of(testing::scenario_from(document).resolved);
  ASSERT_EQ(incidents.size(), 2u);  // "cold" expires after the run's end
  EXPECT_EQ(incidents[0].name, "key_classes.hot.expiry");
  EXPECT_EQ(incidents[0].at_s, 12.5);
  EXPECT_EQ(incidents[1].name, "faults.0");
  EXPECT_EQ(incidents[1].at_s, 30.0);
  EXPECT_TRUE(incidents[1].unsteady.empty());  // after the first expiry: keys churn as they will
  document["faults"][0]["at_s"] = 12;
  const auto before_expiry = analysis::incidents_of(testing::scenario_from(document).resolved);
  EXPECT_EQ(before_expiry[0].name, "faults.0");
  EXPECT_NE(before_expiry[0].unsteady.find("none had expired yet"), std::string::npos);
  document["cache"]["warm_start"] = false;
  EXPECT_EQ(analysis::incidents_of(testing::scenario_from(document).resolved).size(), 1u);
}

TEST(Recovery, AFaultDuringAColdStartHasNoBaseline) {
  // The default scenario fills from a cold start: origin load falls from 8 000 to 900 queries/s
  // over its first 30 s, so a fault at 30 s has no level to come back to; at 90 s it has one.
  json document = json::parse(std::ifstream(std::string(CACHESTORM_SOURCE_DIR) + "/scenarios/cache_outage.json"));
  document["duration_s"] = 60;
  document["faults"][0]["at_s"] = 30;
  const json early = recovery_of(document);
  EXPECT_TRUE(early["recovered_at_s"].is_null());
  EXPECT_NE(early["no_baseline"].get<std::string>().find("no steady state before it: origin load went from"),
            std::string::npos)
      << early.dump();
  document["duration_s"] = 180;
  document["faults"][0]["at_s"] = 90;
  const json later = recovery_of(document);
  EXPECT_FALSE(later.contains("no_baseline")) << later.dump();
  EXPECT_EQ(later["recovered_at_s"], 127.0);
}

}  // namespace
}  // namespace cachestorm
