// Slowdown faults (cache_slow, origin_slow), each checked against what it must do exactly: every
// command a slowed node serves costs its service time times the factor (overlapping slowdowns
// multiply), and a slowed origin's queries take their service time times the factor; each
// beginning and end is in events.jsonl at its instant.
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

// Every GET a hit (warm start, TTLs past the horizon) costing 100 us on one shard, no network
// delay, no active expiry cycles: a window's busy seconds are its commands times 100 us times the
// factor in force.
nlohmann::json slow_shard_scenario(const nlohmann::json& faults) {
  const nlohmann::json zero = {{"latency_s", 0}};
  return {{"name", "slow_shard"}, {"duration_s", 30}, {"seed", 3},
          {"topology", {{"client_link", zero}, {"app_link", zero}, {"cache_link", zero}, {"origin_link", zero}}},
          {"workload",
           {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 1000}}},
            {"key_classes",
             {{{"name", "k"}, {"keys", {{"type", "uniform"}, {"count", 1000}}},
               {"value_size_bytes", {{"type", "deterministic"}, {"value", 1000}}}, {"ttl_s", 1000000}}}}}},
          {"cache", {{"warm_start", true}, {"active_expiry", {{"hz", 0}}}, {"commands", {{"get", {{"base_s", 0.0001}, {"per_byte_s", 0}}}}}}},
          {"faults", faults}};
}

TEST(SlowFaults, ASlowedNodeServesEveryCommandItsFactorSlowerAndSlowdownsMultiply) {
  const nlohmann::json faults = {
      {{"type", "cache_slow"}, {"node", 0}, {"at_s", 10}, {"duration_s", 10}, {"factor", 3}},
      {{"type", "cache_slow"}, {"node", 0}, {"at_s", 15}, {"duration_s", 10}, {"factor", 2}}};
  const fs::path out = scratch_dir() / "slow";
  const auto run = run_cli("run " + write_scenario("slow.json", slow_shard_scenario(faults).dump()).string() + " -q --out " +
                           out.string());
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  const auto busy = read_series(out / "timeseries.csv", "shard_busy_s", "shard=0");
  const auto commands = read_series(out / "timeseries.csv", "shard_commands", "shard=0");
  // Windows wholly inside one regime (a window starting at a change may hold commands that
  // arrived before it and started after it).
  const std::map<int, double> factor = {{5, 1}, {9, 1}, {11, 3}, {14, 3}, {16, 6}, {19, 6}, {21, 2}, {24, 2}, {26, 1}, {29, 1}};
  for (const auto& [window, f] : factor) {
    ASSERT_GT(commands.at(window), 800) << window;
    EXPECT_NEAR(busy.at(window) / commands.at(window), 0.0001 * f, 1e-12) << "window " << window;
  }
  const std::string events = read_file(out / "events.jsonl");
  for (const char* expected : {R"("t_s":10.0,"component":"cache.shards.0","state":"slow")",
                               R"("t_s":25.0,"component":"cache.shards.0","state":"normal_speed")"})
    EXPECT_NE(events.find(expected), std::string::npos) << expected << " in\n" << events;
  fs::remove_all(scratch_dir());
}

TEST(SlowFaults, ASlowedOriginTakesItsFactorLongerPerQuery) {
  // No cache: every request is a 10 ms query, 100 connections for 100 queries/s (no queueing).
  const nlohmann::json zero = {{"latency_s", 0}};
  const nlohmann::json scenario = {
      {"name", "brownout"}, {"duration_s", 30}, {"seed", 5},
      {"topology", {{"client_link", zero}, {"app_link", zero}, {"cache_link", zero}, {"origin_link", zero}}},
      {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 100}}},
                    {"key_classes", {{{"name", "k"}, {"keys", {{"type", "uniform"}, {"count", 1000}}}}}}}},
      {"cache", {{"enabled", false}}},
      {"origin", {{"connections", 100}, {"service_s", {{"type", "deterministic"}, {"value", 0.01}}}}},
      {"faults", {{{"type", "origin_slow"}, {"at_s", 10}, {"duration_s", 10}, {"factor", 4}}}},
      {"windows", {{{"name", "slow"}, {"from_s", 11}, {"to_s", 19}}, {{"name", "after"}, {"from_s", 21}, {"to_s", 30}}}}};
  const fs::path out = scratch_dir() / "brownout";
  const auto run = run_cli("run " + write_scenario("brownout.json", scenario.dump()).string() + " -q --out " + out.string());
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  // Every latency in a window is the same number: the mean is it, and the quantiles lie in its
  // histogram bucket (under 1 % wide).
  EXPECT_NEAR(summary["windows"]["slow"]["latency_s"]["mean"].get<double>(), 0.04, 1e-12);
  EXPECT_NEAR(summary["windows"]["after"]["latency_s"]["mean"].get<double>(), 0.01, 1e-12);
  for (const char* q : {"p50", "p99"}) {
    EXPECT_NEAR(summary["windows"]["slow"]["latency_s"][q].get<double>(), 0.04, 0.0004) << q;
    EXPECT_NEAR(summary["windows"]["after"]["latency_s"][q].get<double>(), 0.01, 0.0001) << q;
  }
  const std::string events = read_file(out / "events.jsonl");
  EXPECT_NE(events.find(R"("t_s":10.0,"component":"origin","state":"slow")"), std::string::npos) << events;
  EXPECT_NE(events.find(R"("t_s":20.0,"component":"origin","state":"normal_speed")"), std::string::npos) << events;
  fs::remove_all(scratch_dir());
}

}  // namespace
}  // namespace cachestorm
