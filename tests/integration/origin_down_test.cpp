// The origin outage (origin_down), with the cache disabled so every request is one query: with
// mode refuse, every query arriving during [5, 8) is refused at once (an error) and nothing waits;
// with mode hang, none starts, each waits exactly origin.queue_timeout_s (0.2 s) and is dropped,
// and queries resume at 8 s. Exact counts: the queries that arrived in the outage's windows.
#include <gtest/gtest.h>

#include <filesystem>
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

double sum_over(const std::map<int, double>& series, int from, int to) {
  double total = 0.0;
  for (int w = from; w < to; ++w) total += series.count(w) ? series.at(w) : 0.0;
  return total;
}

TEST(OriginDown, RefusedAtOnceOrHangingUntilTheQueueTimeout) {
  for (const char* mode : {"refuse", "hang"}) {
    const nlohmann::json scenario = {
        {"name", "origin_down"}, {"duration_s", 12}, {"seed", 6},
        {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 500}}},
                      {"key_classes", {{{"name", "k"}, {"keys", {{"type", "uniform"}, {"count", 1000}}}}}}}},
        {"cache", {{"enabled", false}}},
        {"origin", {{"connections", 100}, {"queue_timeout_s", 0.2},
                    {"service_s", {{"type", "deterministic"}, {"value", 0.002}}}}},
        {"faults", {{{"type", "origin_down"}, {"mode", mode}, {"at_s", 5}, {"duration_s", 3}}}}};
    const fs::path out = scratch_dir() / mode;
    const auto run = run_cli("run " + write_scenario(std::string(mode) + ".json", scenario.dump()).string() +
                             " -q --out " + out.string());
    ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
    const fs::path csv = out / "timeseries.csv";
    const auto arrived = read_series(csv, "origin_queries_arrived", "");
    const auto rejected = read_series(csv, "origin_rejected", "");
    const auto timeouts = read_series(csv, "origin_queue_timeouts", "");
    const auto started = read_series(csv, "origin_queries_started", "");
    const double in_outage = sum_over(arrived, 5, 8);
    EXPECT_GT(in_outage, 1200.0) << mode;
    if (std::string(mode) == "refuse") {
      EXPECT_EQ(sum_over(rejected, 5, 8), in_outage) << "every query in the outage refused at once";
      EXPECT_EQ(sum_over(started, 5, 8), 0.0);
      EXPECT_EQ(sum_over(timeouts, 0, 12), 0.0);
    } else {
      // Dropped at arrival + 0.2 s: those arriving in [5, 7.8) time out within [5.2, 8); the last
      // 0.2 s's queries start when the origin is back at 8 s.
      EXPECT_EQ(sum_over(rejected, 0, 12), 0.0);
      EXPECT_EQ(sum_over(started, 5, 8), 0.0);
      EXPECT_GT(started.at(8), arrived.at(8)) << "the queue's survivors start at 8 s";
      EXPECT_EQ(sum_over(timeouts, 5, 8) + (started.at(8) - arrived.at(8)), in_outage) << mode;
    }
    const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
    EXPECT_EQ(summary["requests"]["ok"].get<double>() + summary["requests"]["errors"].get<double>() +
                  summary["requests"]["unfinished"].get<double>() + summary["requests"]["client_timeouts"].get<double>(),
              summary["requests"]["total"].get<double>());
  }
  fs::remove_all(scratch_dir());
}

}  // namespace
}  // namespace cachestorm
