// The flush fault (cache_flush): the node drops every key at its instant and keeps serving. Exact
// counts: before it every GET hits the warm keyspace; from it the first GET of each key misses;
// the node never goes down (no GET is given up, every request ends ok); the event log and the
// incident window (an instant: [at_s, at_s + recovery_s)) say when.
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

TEST(FlushFault, TheNodeDropsEveryKeyAtTheInstantAndKeepsServing) {
  const nlohmann::json scenario = {
      {"name", "flush"}, {"duration_s", 20}, {"seed", 9},
      {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 1000}}},
                    {"key_classes", {{{"name", "k"}, {"keys", {{"type", "uniform"}, {"count", 1000}}},
                                      {"ttl_s", 1000000}}}}}},
      {"cache", {{"warm_start", true}, {"active_expiry", {{"hz", 0}}}}},
      {"origin", {{"connections", 1000}, {"service_s", {{"type", "deterministic"}, {"value", 0.001}}}}},
      {"faults", {{{"type", "cache_flush"}, {"node", 0}, {"at_s", 10}, {"recovery_s", 5}}}}};
  const fs::path out = scratch_dir() / "flush";
  const auto run = run_cli("run " + write_scenario("flush.json", scenario.dump()).string() + " -q --out " + out.string());
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  const fs::path csv = out / "timeseries.csv";
  const auto keys = read_series(csv, "shard_keys_end", "shard=0");
  const auto misses = read_series(csv, "shard_misses", "shard=0");
  const auto hits = read_series(csv, "shard_hits", "shard=0");
  EXPECT_EQ(keys.at(9), 1000) << "every key resident until the flush";
  double misses_before = 0.0;
  for (int w = 0; w < 10; ++w) misses_before += misses.count(w) ? misses.at(w) : 0.0;
  EXPECT_EQ(misses_before, 0.0);
  EXPECT_GT(hits.at(9), 800.0);
  EXPECT_GT(misses.at(10), 300.0) << "the first GET of each key after the flush misses";
  EXPECT_LT(keys.at(10), 1000.0);
  EXPECT_EQ(keys.at(19), 1000) << "refilled: 10 000 uniform reads touch every one of 1 000 keys";
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  EXPECT_EQ(summary["requests"]["ok"], summary["requests"]["total"]) << "no GET given up: the node never went down";
  EXPECT_EQ(summary["windows"]["incident"]["from_s"], 10.0);
  EXPECT_EQ(summary["windows"]["incident"]["to_s"], 15.0);
  EXPECT_EQ(read_file(out / "events.jsonl"),
            R"({"replication":0,"t_s":10.0,"component":"cache.shards.0","state":"flushed"})" "\n");
  fs::remove_all(scratch_dir());
}

}  // namespace
}  // namespace cachestorm
