// Two triggers of issue-sized incidents: a load spike (load_spike) and a flush of the hottest keys
// (hot_keys_flush).
//  - A spike of factor f over [10, 20) on Poisson arrivals at 2 000/s: the requests of each span
//    are Poisson with mean 2 000·10 before and after and 2 000·f·10 inside, so each count lies
//    within 3 SE (its square root) of that; the spike's incident window is [at_s, end + recovery_s).
//  - 100 hottest keys deleted from a warm cache of 1 000 uniform keys (ties rank by id) whose
//    arrivals stop before the instant (a step to 0): exactly 900 keys stay, on the primary and its
//    replica, and the event log says so.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "cli_helpers.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

using testing::read_file;
using testing::read_series;
using testing::run_cli;
using testing::scratch_dir;
using testing::write_scenario;

nlohmann::json run_summary(const std::string& name, const nlohmann::json& scenario) {
  const fs::path out = scratch_dir() / name;
  const auto run = run_cli("run " + write_scenario(name + ".json", scenario.dump()).string() + " -q --out " + out.string());
  EXPECT_EQ(run.exit_code, 0) << run.stderr_text;
  return nlohmann::json::parse(read_file(out / "summary.json"));
}

TEST(LoadSpike, ArrivalsPerSpanMatchTheIntegralOfTheSpikedRate) {
  const nlohmann::json scenario = {
      {"name", "spike"}, {"duration_s", 30}, {"seed", 4},
      {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 2000}}},
                    {"key_classes", {{{"name", "k"}, {"keys", {{"type", "uniform"}, {"count", 1000}}}}}}}},
      {"windows", {{{"name", "before"}, {"from_s", 0}, {"to_s", 10}}, {{"name", "after"}, {"from_s", 20}, {"to_s", 30}}}},
      {"faults", {{{"type", "load_spike"}, {"factor", 3}, {"at_s", 10}, {"duration_s", 10}, {"recovery_s", 0}}}}};
  const auto summary = run_summary("spike", scenario);
  const auto count = [&](const char* window) {
    return summary["windows"][window]["key_classes"]["k"]["requests"].get<double>();
  };
  for (const auto& [window, mean] : {std::pair{"before", 20000.0}, {"incident", 60000.0}, {"after", 20000.0}})
    EXPECT_LT(std::abs(count(window) - mean), 3.0 * std::sqrt(mean)) << window << ": " << count(window);
  EXPECT_EQ(summary["windows"]["incident"]["from_s"], 10.0);
  EXPECT_EQ(summary["windows"]["incident"]["to_s"], 20.0);
  EXPECT_TRUE(summary["recovery"].contains("faults.0")) << "a load spike is an incident like any fault";
}

TEST(LoadSpike, IsRefusedWhereAClassReplaysATracesTimes) {
  const fs::path trace = write_scenario("timed.csv", "key,t_s\na,0.5\nb,1.0\n");
  const nlohmann::json scenario = {
      {"name", "spiked_trace"}, {"duration_s", 5},
      {"workload", {{"key_classes", {{{"name", "replayed"}, {"keys", {{"type", "trace"}, {"path", trace.string()}}}}}}}},
      {"faults", {{{"type", "load_spike"}, {"factor", 2}, {"at_s", 1}, {"duration_s", 1}}}}};
  const fs::path out = scratch_dir() / "spiked_trace";
  const auto run = run_cli("run " + write_scenario("spiked_trace.json", scenario.dump()).string() + " -q --out " + out.string());
  EXPECT_EQ(run.exit_code, 65);
  EXPECT_NE(run.stderr_text.find("faults[0].type: a load spike cannot change the request times workload.key_classes[0]"),
            std::string::npos) << run.stderr_text;
  EXPECT_FALSE(fs::exists(out)) << "no partial output";
}

TEST(HotKeysFlush, DeletesExactlyTheHottestKeysOnThePrimaryAndItsReplica) {
  const nlohmann::json scenario = {
      {"name", "hot_flush"}, {"duration_s", 12}, {"seed", 9},
      {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 1000},
                                  {"profile", {{"type", "step"}, {"at_s", 9.5}, {"factor", 0}}}}},
                    {"key_classes", {{{"name", "k"}, {"keys", {{"type", "uniform"}, {"count", 1000}}},
                                      {"ttl_s", 1000000}}}}}},
      {"cache", {{"warm_start", true}, {"replicas_per_shard", 1}, {"active_expiry", {{"hz", 0}}}}},
      {"faults", {{{"type", "hot_keys_flush"}, {"keys", 100}, {"at_s", 10}, {"recovery_s", 1}}}}};
  const fs::path out = scratch_dir() / "hot_flush";
  const auto run = run_cli("run " + write_scenario("hot_flush.json", scenario.dump()).string() + " -q --out " + out.string());
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  const fs::path csv = out / "timeseries.csv";
  const auto primary = read_series(csv, "shard_keys_end", "shard=0");
  const auto replica = read_series(csv, "shard_keys_end", "shard=0r1");
  EXPECT_EQ(primary.at(9), 1000);
  EXPECT_EQ(primary.at(10), 900);
  EXPECT_EQ(primary.at(11), 900) << "no request after 9.5 s refills them";
  EXPECT_EQ(replica.at(9), 1000);
  EXPECT_EQ(replica.at(11), 900) << "the DELs reach the replica";
  EXPECT_EQ(read_file(out / "events.jsonl"),
            R"({"replication":0,"t_s":10.0,"component":"cache.shards","state":"hottest_keys_deleted"})" "\n");
}

}  // namespace
}  // namespace cachestorm
