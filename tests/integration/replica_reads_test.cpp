// Reads from replicas, and the versions replicas hold, against known answers. Timings as in
// staleness_test.cpp: links whose latencies add up on each route (a route crosses both hosts'
// links), instance -> origin o + a = 1.5 ms, instance -> shard a + c = 2.5 ms, so a source
// update's SET reaches the primary L = 4 ms after the update is made; the replication stream
// crosses two cache links (2c = 4 ms) plus a deterministic extra lag D.
// - Stale replica reads: keys updated by Poisson writes at rate mu each (write_through), always
//   cached. A replica holds the new version L + 2c + D = L_r after the update, so a read at s is
//   stale exactly when the key had an update in (s - L_r, s]: with Poisson reads (PASTA) the
//   stale fraction is 1 - exp(-mu L_r), and no stale read is L_r old. Reading the primary, the
//   same with L.
// - A promotion loses the write still on its way to the replica: the promoted replica serves the
//   version before it, stale from the promotion until the next write's SET lands.
// - A replica that goes down: the instances reading it time out once (app.cache_timeout_s after
//   their first GET to it), refresh their view, and read the primary from then on.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "analysis/run_report.hpp"
#include "cli_helpers.hpp"
#include "integration/test_scenarios.hpp"
#include "run/simulate.hpp"

namespace cachestorm {
namespace {

using nlohmann::json;

constexpr double kApp = 0.0005, kCache = 0.002, kOrigin = 0.001;
constexpr double kNewsToShard = (kOrigin + kApp) + (kApp + kCache);  // L
constexpr double kStream = 2 * kCache;                               // primary -> replica
// A write reaching its client's instance at w is made at the origin at w + a (client -> instance)
// + o + a (instance -> origin) + the 2 ms write.
constexpr double kUpdateMade = kApp + kOrigin + kApp + 0.002;

json link(double latency_s) { return {{"latency_s", latency_s}, {"bandwidth_Bps", 1e300}}; }

json written_keys(uint32_t keys, json writes, json cache, double duration_s, double read_rate) {
  cache["warm_start"] = true;
  cache["active_expiry"] = {{"hz", 0}};
  return {{"duration_s", duration_s},
          {"topology", {{"client_link", link(0.0)}, {"app_link", link(kApp)}, {"cache_link", link(kCache)},
                        {"origin_link", link(kOrigin)}}},
          {"workload",
           {{"arrivals", {{"type", "poisson"}, {"rate_per_s", read_rate}}},
            {"key_classes", json::array({{{"keys", {{"type", "uniform"}, {"count", keys}}}, {"writes", writes}}})}}},
          {"cache", cache},
          {"app", {{"cache_timeout_s", 0.05}}},
          {"origin",
           {{"connections", 100},
            {"service_s", {{"type", "deterministic"}, {"value", 0.001}}},
            {"write_service_s", {{"type", "deterministic"}, {"value", 0.002}}}}}};
}

json summary_of(const json& document, uint32_t replication) {
  const auto scenario = testing::scenario_from(document);
  const auto run = run::simulate_without_engine(scenario, replication);
  return analysis::summary_json(*run.metrics, run.facts);
}

json replicated(const char* read_from, double extra_lag_s) {
  return {{"replicas_per_shard", 1}, {"read_from", read_from},
          {"replication", {{"extra_lag_s", {{"type", "deterministic"}, {"value", extra_lag_s}}}}}};
}

// The stale fraction over replications: its mean and standard error, and the oldest stale read.
struct StaleFraction {
  double mean = 0.0, se = 0.0, oldest_s = 0.0;
};

StaleFraction stale_fraction(const json& cache, uint32_t runs) {
  const json writes = {{"type", "write_through"}, {"arrivals", {{"type", "poisson"}, {"rate_per_s", 200.0}}}};
  const json document = written_keys(1000, writes, cache, 30, 2000);
  double sum = 0.0, sum_sq = 0.0;
  StaleFraction f;
  for (uint32_t r = 0; r < runs; ++r) {
    const json st = summary_of(document, r)["staleness"];
    const double ratio = st["stale_read_ratio"].get<double>();
    sum += ratio;
    sum_sq += ratio * ratio;
    if (st["stale_reads"].get<int>() > 0) f.oldest_s = std::max(f.oldest_s, st["stale_read_age_s"]["max"].get<double>());
  }
  f.mean = sum / runs;
  f.se = std::sqrt((sum_sq / runs - f.mean * f.mean) / (runs - 1));
  return f;
}

TEST(ReplicaReads, StaleFractionIsOneMinusExpOfTheUpdateRateTimesTheLag) {
  constexpr double kMu = 200.0 / 1000.0;  // updates per key per second
  constexpr double kExtra = 0.1;
  const double replica_lag = kNewsToShard + kStream + kExtra;
  const StaleFraction replica = stale_fraction(replicated("replica", kExtra), 8);
  const double expected = 1.0 - std::exp(-kMu * replica_lag);  // 0.0214
  EXPECT_NEAR(replica.mean, expected, 3 * replica.se) << "SE " << replica.se;
  EXPECT_LT(replica.se, 0.1 * expected) << "precise enough to tell the lag from the primary's";
  EXPECT_LT(replica.oldest_s, replica_lag);
  EXPECT_GT(replica.oldest_s, replica_lag - 0.002);
  const StaleFraction primary = stale_fraction(replicated("primary", kExtra), 8);
  const double expected_primary = 1.0 - std::exp(-kMu * kNewsToShard);  // 0.0008
  EXPECT_NEAR(primary.mean, expected_primary, 3 * primary.se + 1e-9) << "SE " << primary.se;
  EXPECT_LT(primary.oldest_s, kNewsToShard);
}

TEST(ReplicaReads, APromotedReplicaServesTheVersionBeforeTheLostWriteUntilTheNextOneLands) {
  // One key written once a second (at 1, 2, ... s), a stream lagging 0.5 s, the primary crashed at
  // 10.2 s: write 10's SET (at the primary 10 s + L) was still on its way and is lost. Sentinel
  // without jitter promotes the replica at 10.2 + down_after_s 0.3 + promote_s 0.1 = 10.6 s;
  // instances refresh on their failed GETs and read it from then on, getting version 9 until
  // write 11's SET lands at 11 s + kUpdateMade + L.
  json cache = replicated("primary", 0.5);
  cache["failover"] = {{"type", "sentinel"}, {"down_after_s", 0.3}, {"promote_s", 0.1}, {"random", false}};
  const json writes = {{"type", "write_through"}, {"arrivals", {{"type", "periodic"}, {"rate_per_s", 1.0}}}};
  json document = written_keys(1, writes, cache, 15, 1000);
  document["faults"] = {{{"type", "cache_down"}, {"node", 0}, {"replica", 0}, {"at_s", 10.2}}};
  const json s = summary_of(document, 0);
  const json& f = s["failover"]["faults.0"];
  EXPECT_EQ(f["writes_lost"], 1);
  EXPECT_NEAR(f["promoted_s"].get<double>(), 10.6, 1e-9);
  const json& windows = s["staleness"]["inconsistency_windows"];
  EXPECT_NEAR(windows["longest_s"].get<double>(), 11.0 + kUpdateMade + kNewsToShard - 10.6, 1e-9)
      << "opened at the promotion, closed by write 11's SET";
  // Reads of the promoted replica in [10.6, 11.008) got version 9, superseded when write 10's
  // update was made (10.004 s): more than 0.596 s old, less than 1.004 s.
  const double age = s["staleness"]["stale_read_age_s"]["max"].get<double>();
  EXPECT_GT(age, 10.6 - (10.0 + kUpdateMade));
  EXPECT_LT(age, 11.0 + kNewsToShard - 10.0 + 1e-6);
  EXPECT_GT(s["staleness"]["stale_reads"].get<int>(), 300) << "about 1000 reads a second for 0.4 s";
}


TEST(ReplicaReads, InstancesReadingADeadReplicaTimeOutOnceThenReadThePrimary) {
  // 3 shards with a replica each, read from the replicas; shard 1's replica's host goes down at 5 s.
  const json scenario = {
      {"name", "replica_down"}, {"duration_s", 10}, {"seed", 2},
      {"topology", {{"app_instances", 2}, {"clients", 2}}},
      {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 3000}}},
                    {"key_classes", {{{"name", "k"}, {"keys", {{"type", "uniform"}, {"count", 3000}}}, {"ttl_s", 1000000}}}}}},
      {"cache", {{"nodes", 3}, {"replicas_per_shard", 1}, {"read_from", "replica"}, {"warm_start", true},
                 {"active_expiry", {{"hz", 0}}}, {"failover", {{"type", "cluster"}}}}},
      {"app", {{"cache_timeout_s", 0.05}}},
      {"origin", {{"connections", 1000}, {"service_s", {{"type", "deterministic"}, {"value", 0.001}}}}},
      {"faults", {{{"type", "cache_down"}, {"node", 1}, {"replica", 1}, {"at_s", 5}}}}};
  const auto out = testing::scratch_dir() / "replica_down";
  const auto run = testing::run_cli("run " + testing::write_scenario("replica_down.json", scenario.dump()).string() +
                                    " -q --out " + out.string());
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  const auto csv = out / "timeseries.csv";
  const auto primary_hits = testing::read_series(csv, "shard_hits", "shard=1");
  const auto replica_hits = testing::read_series(csv, "shard_hits", "shard=1r1");
  EXPECT_EQ(primary_hits.at(4), 0.0) << "the primary serves no reads while its replica is up";
  EXPECT_GT(replica_hits.at(4), 500.0) << "a third of 3000 reads a second";
  EXPECT_EQ(replica_hits.at(6), 0.0);
  EXPECT_GT(primary_hits.at(6), 500.0) << "every instance reads the primary after its refresh";
  // Each instance refreshes when its first GET to the dead replica times out: 50 ms after it
  // was sent, so within 50 ms + one inter-arrival gap (~2 ms at 500 GETs/s per instance) of 5 s.
  const std::string events = testing::read_file(out / "events.jsonl");
  for (const char* app : {"app.0", "app.1"}) {
    const auto at = events.find(std::string("\"component\":\"") + app + ".cache_topology\",\"state\":\"refreshed\"");
    ASSERT_NE(at, std::string::npos) << app;
    const auto t_at = events.rfind("\"t_s\":", at) + 6;
    const double t = std::stod(events.substr(t_at, events.find(',', t_at) - t_at));
    EXPECT_GT(t, 5.05) << app;
    EXPECT_LT(t, 5.05 + 0.02) << app;
  }
  const json summary = json::parse(testing::read_file(out / "summary.json"));
  EXPECT_LE(summary["cache"]["give_ups"].get<double>(), 2 * 500 * 0.07) << "only the GETs sent before each refresh";
  EXPECT_GT(summary["cache"]["give_ups"].get<double>(), 2 * 500 * 0.03);
  std::filesystem::remove_all(testing::scratch_dir());
}

}  // namespace
}  // namespace cachestorm
