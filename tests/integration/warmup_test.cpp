// --warmup: the windows starting before it stay in the time series and leave the statistics.
// Exact: the totals, peaks and overall latency count are those of the windows after it.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "integration/cli_helpers.hpp"
#include "integration/test_scenarios.hpp"
#include "analysis/run_report.hpp"
#include "run/simulate.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {


TEST(Warmup, StatisticsAreThoseOfTheWindowsAfterIt) {
  // A cold cache over an origin that queues at first: the early windows differ from the later.
  const auto scenario = testing::scenario_from({
      {"duration_s", 12},
      {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 3000}}}, {"keys", {{"type", "zipf"}, {"count", 2000}}}}},
      {"origin", {{"connections", 2}, {"service_s", {{"type", "exponential"}, {"mean", 0.002}}}}},
  });
  run::RunControl control;
  control.warmup_s = 4.0;
  const auto result = run::simulate_without_engine(scenario, 0, control);
  const testing::MetricView m(*result.metrics);
  ASSERT_EQ(m.windows(), 12u);
  analysis::RunFacts facts;
  facts.warmup_s = 4.0;
  const auto summary = analysis::summary_json(*result.metrics, facts);
  double requests = 0, misses = 0, latency_count = 0, queue_peak = 0, early_queue_peak = 0;
  for (size_t w = 0; w < m.windows(); ++w) {
    if (w < 4) {
      early_queue_peak = std::max(early_queue_peak, m.at(w, "origin_queue"));
      continue;
    }
    requests += m.at(w, "requests");
    misses += m.at(w, "shard_misses");
    latency_count += static_cast<double>(result.metrics->latency(w, result.metrics->find("latency")).count());
    queue_peak = std::max(queue_peak, m.at(w, "origin_queue"));
  }
  EXPECT_EQ(summary["requests"]["total"].get<double>(), requests);
  EXPECT_EQ(summary["cache"]["misses"].get<double>(), misses);
  EXPECT_EQ(summary["latency_s"]["count"].get<double>(), latency_count);
  EXPECT_EQ(summary["origin"]["queue_peak"].get<double>(), queue_peak);
  EXPECT_GT(early_queue_peak, queue_peak) << "the cold start's queue must be what the warm-up leaves out";
  EXPECT_GT(m.at(0, "shard_misses"), m.at(11, "shard_misses"));
}

TEST(Warmup, TheCommandRefusesAWarmupThatLeavesNothingToMeasure) {
  const fs::path scenario = testing::write_scenario("short.json", R"({"name": "short", "duration_s": 5})");
  const fs::path out = testing::scratch_dir() / "out";
  const auto outcome = testing::run_cli("run " + scenario.string() + " --warmup 5 --out " + out.string(), 30);
  EXPECT_EQ(outcome.exit_code, 64);
  EXPECT_NE(outcome.stderr_text.find("--warmup: must be less than duration_s (5)"), std::string::npos);
  EXPECT_FALSE(fs::exists(out));
  ASSERT_EQ(testing::run_cli("run " + scenario.string() + " -q --warmup 2 --out " + out.string(), 30).exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(testing::read_file(out / "summary.json"))["warmup_s"], 2.0);
  fs::remove_all(testing::scratch_dir());
}

}  // namespace
}  // namespace cachestorm
