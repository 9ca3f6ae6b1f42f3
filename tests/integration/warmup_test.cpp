// --warmup: the windows starting before it stay in the time series and leave the statistics.
// Exact: the totals, peaks and overall latency count are those of the windows after it.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "integration/cli_helpers.hpp"
#include "integration/test_scenarios.hpp"
#include "run/simulate.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

using namespace analysis;

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
  const auto windows = result.collector->windows();
  ASSERT_EQ(windows.size(), 12u);
  std::array<uint64_t, kCounterCount> after{};
  uint64_t latency_count = 0;
  uint32_t queue_peak = 0, early_queue_peak = 0;
  for (size_t w = 0; w < windows.size(); ++w) {
    if (w < 4) {
      early_queue_peak = std::max(early_queue_peak, windows[w].origin_waiting_max);
      continue;
    }
    for (size_t c = 0; c < kCounterCount; ++c) after[c] += windows[w].counts[c];
    latency_count += windows[w].latency_count;
    queue_peak = std::max(queue_peak, windows[w].origin_waiting_max);
  }
  EXPECT_EQ(result.collector->totals(), after);
  EXPECT_EQ(result.collector->overall_latency().count(), latency_count);
  EXPECT_EQ(result.collector->origin_waiting_peak(), queue_peak);
  EXPECT_GT(early_queue_peak, queue_peak) << "the cold start's queue must be what the warm-up leaves out";
  EXPECT_GT(windows[0].counts[kMisses], windows[11].counts[kMisses]);
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
