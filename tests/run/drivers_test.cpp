// The run layer's drivers called directly, as the command line calls them: compare, sweep and plan
// each checked against replicated runs of the same scenarios through run_replications, on the
// same replications (common random numbers make the figures equal, not merely close).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "analysis/replication_report.hpp"
#include "integration/cli_helpers.hpp"
#include "run/compare.hpp"
#include "run/exit_codes.hpp"
#include "run/plan.hpp"
#include "run/replications.hpp"
#include "run/scenario_input.hpp"
#include "run/sweep.hpp"

namespace fs = std::filesystem;

namespace cachestorm::run {
namespace {

// An origin without a cache in front: 200 queries/s of 10 ms each, 2 Erlangs of work. Below 3
// connections the queue cannot keep up (2 is critically loaded); from 3 it keeps up.
fs::path origin_only_scenario(const fs::path& dir) {
  const nlohmann::json scenario = {
      {"name", "origin_only"},
      {"duration_s", 20},
      {"seed", 7},
      {"workload",
       {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 200}}},
        {"key_classes",
         {{{"name", "default"},
           {"pattern", "k:{id}"},
           {"keys", {{"type", "uniform"}, {"count", 1000}}},
           {"value_size_bytes", {{"type", "deterministic"}, {"value", 100}}},
           {"ttl_s", 60}}}}}},
      {"cache", {{"enabled", false}}},
      {"origin", {{"connections", 4}, {"service_s", {{"type", "deterministic"}, {"value", 0.01}}}}},
      {"client", {{"timeout_s", 5.0}}}};
  const fs::path path = dir / "origin_only.json";
  std::ofstream(path) << scenario.dump(2);
  return path;
}

// Replications 0..n-1 of the scenario at `path` with `overrides`, run the plain way, as
// replication_summary_json's metrics.
nlohmann::json replicated(const fs::path& path, const std::vector<std::string>& overrides, uint32_t n,
                          const fs::path& store_dir) {
  LoadedScenario loaded;
  const auto refusal = load_scenario({path.string(), std::nullopt, overrides, std::nullopt, 2}, loaded);
  EXPECT_FALSE(refusal) << refusal->message;
  fs::create_directories(store_dir);
  const auto store = ReplicationStore::open(fs::absolute(store_dir / "out"), "", replication_identity(loaded.scenario, 0.0));
  RunControl control;
  control.max_in_flight = loaded.in_flight_limit;
  const ReplicationResults results = run_replications(loaded.scenario, n, 2, control, store);
  EXPECT_EQ(results.status, "complete");
  return analysis::replication_summary_json(results.summaries)["metrics"];
}

TEST(RunDrivers, CompareGivesEachVariantItsReplicatedRunAndAZeroDifferenceForAChangeThatIsNone) {
  const fs::path dir = testing::scratch_dir();
  const fs::path scenario = origin_only_scenario(dir);
  CompareOptions options;
  options.files = {scenario.string()};
  options.variants = {"same: origin.connections=4", "two: origin.connections=2"};
  options.replications = 3;
  options.jobs = 2;
  options.assertions = {"latency_s.p99<0.1"};
  options.out_dir = (dir / "compare").string();
  const CompareOutcome outcome = compare(options, {});
  ASSERT_EQ(outcome.names, (std::vector<std::string>{"baseline", "same", "two"}));
  EXPECT_TRUE(fs::exists(dir / "compare" / "compare.csv"));
  EXPECT_TRUE(fs::exists(dir / "compare" / "timeseries-2-two.csv"));
  const nlohmann::json two = replicated(scenario, {"origin.connections=2"}, 3, dir / "two");
  size_t same_paired = 0;
  for (const auto& d : outcome.differences) {
    if (d.variant == "same" && d.paired()) {
      ++same_paired;
      EXPECT_EQ(d.difference.mean, 0.0) << d.metric;
      EXPECT_EQ(d.difference.ci_low, 0.0) << d.metric;
      EXPECT_EQ(d.difference.ci_high, 0.0) << d.metric;
    }
    if (d.variant == "two" && d.metric == "latency_s.p99") {
      EXPECT_EQ(d.own.mean, two["latency_s.p99"]["mean"].get<double>());
    }
  }
  EXPECT_GT(same_paired, 20u);
  ASSERT_EQ(outcome.verdicts.size(), 3u);
  EXPECT_TRUE(outcome.verdicts[0][0].passed) << "4 connections for 2 Erlangs keep p99 near the 10 ms service";
  EXPECT_FALSE(outcome.verdicts[2][0].passed) << "2 connections for 2 Erlangs: the queue grows";
  fs::remove_all(dir);
}

TEST(RunDrivers, ASweepPointIsTheReplicatedRunOfItsScenarioAndAShardRunsOnlyItsPoints) {
  const fs::path dir = testing::scratch_dir();
  const fs::path scenario = origin_only_scenario(dir);
  SweepOptions options;
  options.scenario_path = scenario.string();
  options.axes = {"origin.connections=2,3,5"};
  options.replications = 2;
  options.jobs = 2;
  options.out_dir = (dir / "sweep").string();
  const SweepOutcome whole = sweep(options, {});
  ASSERT_EQ(whole.results.size(), 3u);
  EXPECT_TRUE(fs::exists(dir / "sweep" / "sweep.csv"));
  const nlohmann::json three = replicated(scenario, {"origin.connections=3"}, 2, dir / "three");
  EXPECT_EQ(whole.results[1].metrics["latency_s.p99"], three["latency_s.p99"]);
  EXPECT_EQ(whole.results[1].metrics["requests.total"], three["requests.total"]);
  EXPECT_GT(three["requests.total"]["mean"].get<double>(), 3000.0) << "200 requests/s for 20 s";
  options.shard = "1/2";
  options.out_dir = (dir / "shard").string();
  const SweepOutcome shard = sweep(options, {});
  ASSERT_EQ(shard.results.size(), 1u) << "points 0 and 2 belong to shard 0 of 2";
  EXPECT_EQ(shard.results[0].point, 1u);
  EXPECT_EQ(shard.results[0].metrics, whole.results[1].metrics);
  fs::remove_all(dir);
}

TEST(RunDrivers, PlanAnswersWithAValueItsReplicationsMeetAndOneBelowThatTheirsBreak) {
  const fs::path dir = testing::scratch_dir();
  const fs::path scenario = origin_only_scenario(dir);
  PlanOptions options;
  options.scenario_path = scenario.string();
  options.axis = "origin.connections=1:16";
  options.assertions = {"latency_s.p99<0.1"};
  options.replications = 3;
  options.max_replications = 12;
  options.jobs = 2;
  options.out_dir = (dir / "plan").string();
  const PlanOutcome outcome = plan(options, {});
  ASSERT_EQ(outcome.variants.size(), 1u);
  const SearchResult& result = outcome.variants[0].result;
  ASSERT_EQ(result.outcome, "found");
  const double answer = *result.answer;
  EXPECT_EQ(*result.proved_broken, answer - 1);
  EXPECT_GE(answer, 3.0) << "fewer than 3 connections cannot serve 2 Erlangs";
  EXPECT_TRUE(fs::exists(dir / "plan" / "plan.json"));
  // The long way, on the replications the plan judged each value by.
  const auto at = [&](double value) {
    const uint32_t n = result.judged.at(value).first;
    return replicated(scenario, {"origin.connections=" + std::to_string(static_cast<int>(value))}, n,
                      dir / std::to_string(static_cast<int>(value)))["latency_s.p99"];
  };
  EXPECT_LT(at(answer)["ci_high"].get<double>(), 0.1) << "met: the whole interval below the bound";
  EXPECT_GE(at(answer - 1)["ci_low"].get<double>(), 0.1) << "broken: the whole interval at or above it";
  fs::remove_all(dir);
}

TEST(RunDrivers, RefusalsComeAsFailuresWithTheExitCodeAndNothingPublished) {
  const fs::path dir = testing::scratch_dir();
  const fs::path scenario = origin_only_scenario(dir);
  CompareOptions options;
  options.files = {scenario.string()};
  options.variants = {"bad: origin.connections=0"};
  options.out_dir = (dir / "compare").string();
  try {
    compare(options, {});
    ADD_FAILURE() << "a variant with 0 connections ran";
  } catch (const Failure& failure) {
    EXPECT_EQ(failure.exit_code, kExitBadScenario);
    EXPECT_NE(std::string(failure.what()).find("variant bad: "), std::string::npos) << failure.what();
  }
  options.variants = {"good: origin.connections=5"};
  options.assertions = {"staleness<1"};
  EXPECT_THROW(compare(options, {}), std::invalid_argument) << "a block is not a metric";
  EXPECT_FALSE(fs::exists(dir / "compare"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace cachestorm::run
