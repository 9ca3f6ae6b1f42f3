// Replicas and failover against known answers.
// - Cluster, deterministic (random: false): a primary crashed at C is PFAIL and FAIL at
//   C + node_timeout_s, its replica asks for votes 0.5 s later (rank 0) and is promoted vote_s
//   after that; app instances refreshing every second reach it at the next whole second. So the
//   slots have no primary for exactly node_timeout + 0.5 + vote_s, and clients cannot reach one
//   until the refresh; the promoted replica is warm (it received every key), so it never misses.
// - Cluster, random: E[promoted - C] = node_timeout + gossip_s / 2 + 0.5 + 0.25 + vote_s (one
//   replica: rank 0; U(0, gossip_s) and U(0, 0.5) have means gossip_s / 2 and 0.25).
// - Lost writes: with a replication lag of exactly D (deterministic extra lag, negligible
//   transfer time), the writes lost at a crash at C are exactly those the primary stored in
//   (C - D, C): with D = 1 s and C whole, the primary's fills in the window [C - 1, C).
// - No failover: the slots wait for the primary's restart; a 2-shard cluster has no majority.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
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

nlohmann::json cluster_scenario(double rate_per_s, nlohmann::json failover, nlohmann::json refresh) {
  return {{"name", "failover"}, {"duration_s", 20}, {"seed", 3},
          {"topology", {{"app_instances", 2}, {"clients", 2}}},
          {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_per_s", rate_per_s}}},
                        {"key_classes", {{{"name", "k"}, {"keys", {{"type", "uniform"}, {"count", 3000}}},
                                          {"ttl_s", 1000000}}}}}},
          {"cache", {{"nodes", 3}, {"replicas_per_shard", 1}, {"warm_start", true}, {"active_expiry", {{"hz", 0}}},
                     {"failover", failover}, {"topology_refresh", refresh}}},
          {"app", {{"cache_timeout_s", 0.05}}},
          {"origin", {{"connections", 1000}, {"service_s", {{"type", "deterministic"}, {"value", 0.001}}}}},
          {"faults", {{{"type", "cache_down"}, {"node", 1}, {"replica", 0}, {"at_s", 5}}}}};
}

nlohmann::json run_summary(const nlohmann::json& scenario, const std::string& name, const std::string& extra = "") {
  const fs::path out = scratch_dir() / name;
  const auto run = run_cli("run " + write_scenario(name + ".json", scenario.dump()).string() + " -q --out " +
                           out.string() + " " + extra);
  EXPECT_EQ(run.exit_code, 0) << run.stderr_text;
  return nlohmann::json::parse(read_file(out / "summary.json"));
}

TEST(Failover, ClusterDeterministicPromotesAtTimeoutPlusElectionAndClientsAtTheirRefresh) {
  const auto scenario = cluster_scenario(2000, {{"type", "cluster"}, {"node_timeout_s", 5}, {"vote_s", 0.1}, {"random", false}},
                                         {{"on_failure", false}, {"periodic_s", 1}});
  const auto summary = run_summary(scenario, "deterministic");
  const auto& f = summary["failover"]["faults.0"];
  EXPECT_EQ(f["crash_s"], 5.0);
  EXPECT_EQ(f["detected_s"], 10.0);
  EXPECT_DOUBLE_EQ(f["promoted_s"].get<double>(), 10.6);
  EXPECT_EQ(f["clients_refreshed_s"], 11.0);
  EXPECT_DOUBLE_EQ(f["unavailable_s"].get<double>(), 5.6);
  EXPECT_EQ(f["client_unavailable_s"], 6.0);
  EXPECT_DOUBLE_EQ(f["unavailable_slot_seconds"].get<double>(), 5.6 * 5461) << "shard 1 owns slots 5462-10922";
  EXPECT_TRUE(f["restored_s"].is_null());
  const fs::path csv = scratch_dir() / "deterministic" / "timeseries.csv";
  const auto replica_misses = read_series(csv, "shard_misses", "shard=1r1");
  const auto replica_hits = read_series(csv, "shard_hits", "shard=1r1");
  double misses = 0.0;
  for (const auto& [window, value] : replica_misses) misses += value;
  EXPECT_EQ(misses, 0.0) << "the promoted replica holds every key of its shard";
  EXPECT_EQ(replica_hits.count(10) ? replica_hits.at(10) : 0.0, 0.0) << "nobody sends to it before the refresh at 11 s";
  EXPECT_GT(replica_hits.at(11), 400.0);
  const auto give_ups = read_series(csv, "app_cache_give_ups", "app=0");
  EXPECT_GT(give_ups.at(7), 100.0) << "a third of app 0's GETs time out while its view names the dead node";
  for (int w = 12; w < 20; ++w) EXPECT_EQ(give_ups.count(w) ? give_ups.at(w) : 0.0, 0.0) << "window " << w;
  const std::string events = read_file(scratch_dir() / "deterministic" / "events.jsonl");
  for (const char* line : {R"({"replication":0,"t_s":5.0,"component":"cache.shards.1","state":"down"})",
                           R"({"replication":0,"t_s":10.0,"component":"cache.shards.1.failover","state":"pfail"})",
                           R"({"replication":0,"t_s":10.0,"component":"cache.shards.1.failover","state":"fail"})",
                           R"({"replication":0,"t_s":10.5,"component":"cache.shards.1.failover","state":"election"})",
                           R"({"replication":0,"t_s":10.6,"component":"cache.shards.1.failover","state":"promoted"})",
                           R"({"replication":0,"t_s":10.6,"component":"cache.nodes.1r1","state":"primary"})",
                           R"({"replication":0,"t_s":11.0,"component":"app.0.cache_topology","state":"refreshed"})",
                           R"({"replication":0,"t_s":11.0,"component":"app.1.cache_topology","state":"refreshed"})"})
    EXPECT_NE(events.find(line), std::string::npos) << line << "\n" << events;
  fs::remove_all(scratch_dir());
}

TEST(Failover, ClusterPromotionDelayAveragesItsExpectationOverReplications) {
  const double timeout = 5.0, gossip = 1.0, vote = 0.1;
  const auto scenario = cluster_scenario(50, {{"type", "cluster"}, {"node_timeout_s", timeout}, {"gossip_s", gossip},
                                              {"vote_s", vote}}, {{"on_failure", true}});
  const fs::path out = scratch_dir() / "random";
  const auto run = run_cli("run " + write_scenario("random.json", scenario.dump()).string() + " -q --replications 60 --out " +
                           out.string());
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  std::ifstream csv(out / "replications.csv");  // replication,metric,value,unit
  std::string line;
  double sum = 0.0, sum_sq = 0.0;
  int n = 0;
  while (std::getline(csv, line)) {
    const std::string metric = ",failover.faults.0.promoted_s,";
    const auto at = line.find(metric);
    if (at == std::string::npos) continue;
    const double delay = std::stod(line.substr(at + metric.size())) - 5.0;
    sum += delay;
    sum_sq += delay * delay;
    ++n;
  }
  ASSERT_EQ(n, 60);
  const double mean = sum / n, sd = std::sqrt((sum_sq - n * mean * mean) / (n - 1));
  const double expected = timeout + gossip / 2 + 0.5 + 0.25 + vote;
  EXPECT_NEAR(mean, expected, 3 * sd / std::sqrt(n)) << "sd " << sd;
  EXPECT_NEAR(sd, std::sqrt(gossip * gossip / 12 + 0.25 / 12), 0.1);
  fs::remove_all(scratch_dir());
}

TEST(Failover, WritesInsideTheLastLagBeforeTheCrashAreLost) {
  nlohmann::json scenario = {
      {"name", "lost"}, {"duration_s", 12}, {"seed", 5},
      {"topology", {{"cache_link", {{"latency_s", 0}, {"bandwidth_Bps", 1e15}}}}},
      {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 300}}},
                    {"key_classes", {{{"name", "k"}, {"keys", {{"type", "uniform"}, {"count", 1000000}}},
                                      {"ttl_s", 1000000}}}}}},
      {"cache", {{"replicas_per_shard", 1}, {"active_expiry", {{"hz", 0}}},
                 {"replication", {{"extra_lag_s", {{"type", "deterministic"}, {"value", 1.0}}}}},
                 {"failover", {{"type", "sentinel"}, {"down_after_s", 2}, {"random", false}}}}},
      {"origin", {{"connections", 1000}, {"service_s", {{"type", "deterministic"}, {"value", 0.001}}}}},
      {"faults", {{{"type", "cache_down"}, {"node", 0}, {"replica", 0}, {"at_s", 6}}}}};
  const auto summary = run_summary(scenario, "lost");
  const auto fills = read_series(scratch_dir() / "lost" / "timeseries.csv", "shard_fills", "shard=0");
  const auto& f = summary["failover"]["faults.0"];
  EXPECT_GT(fills.at(5), 200.0);
  EXPECT_EQ(f["writes_lost"].get<double>(), fills.at(5)) << "the fills of [5, 6): still in flight at 6 s";
  EXPECT_EQ(f["detected_s"], 8.0) << "sentinel: down_after_s, every sentinel at once without jitter";
  EXPECT_EQ(f["promoted_s"], 9.0) << "+ promote_s 1";
  const auto lag = read_series(scratch_dir() / "lost" / "timeseries.csv", "replication_lag_s_p50", "shard=0r1");
  EXPECT_NEAR(lag.at(3), 1.0, 0.005) << "every change arrives 1 s after the primary made it (histogram within 0.4 %)";
  fs::remove_all(scratch_dir());
}

TEST(Failover, WithoutFailoverTheSlotsWaitForTheRestartAndTwoShardsHaveNoMajority) {
  auto none = cluster_scenario(500, {{"type", "none"}}, {{"on_failure", true}});
  none["faults"][0]["duration_s"] = 4;
  const auto waited = run_summary(none, "none")["failover"]["faults.0"];
  EXPECT_TRUE(waited["promoted_s"].is_null());
  EXPECT_EQ(waited["restored_s"], 9.0);
  EXPECT_EQ(waited["unavailable_s"], 4.0);
  EXPECT_EQ(waited["client_unavailable_s"], 4.0);
  auto two = cluster_scenario(500, {{"type", "cluster"}, {"node_timeout_s", 2}}, {{"on_failure", true}});
  two["cache"]["nodes"] = 2;
  const auto stuck = run_summary(two, "two")["failover"]["faults.0"];
  EXPECT_TRUE(stuck["detected_s"].is_null()) << "one primary left of two: no majority to agree on FAIL";
  EXPECT_TRUE(stuck["promoted_s"].is_null());
  EXPECT_EQ(stuck["unavailable_s"], 15.0) << "to the end of the run";
  fs::remove_all(scratch_dir());
}

// The replica validity factor: a replica in the middle of a full resync when its primary crashes
// has never heard it since its restart, so with the default factor (10) it does not fail over and
// the slots stay without a primary; with 0 it is promoted at FAIL + 0.5 s + vote_s and serves
// what it has (nothing yet: the resync of ~100 MB over a 10 MB/s link had 10 s to go), so reads
// of the shard miss.
TEST(Failover, AResyncingReplicaFailsOverOnlyWithoutTheValidityCheck) {
  auto scenario = cluster_scenario(20, {{"type", "cluster"}, {"node_timeout_s", 2}, {"random", false}},
                                   {{"on_failure", true}});
  scenario["topology"]["cache_link"] = {{"latency_s", 0.0001}, {"bandwidth_Bps", 1e7}};
  scenario["workload"]["key_classes"][0]["value_size_bytes"] = {{"type", "deterministic"}, {"value", 100000}};
  scenario["faults"] = {{{"type", "cache_down"}, {"node", 1}, {"replica", 1}, {"at_s", 2}, {"duration_s", 1}},
                        {{"type", "cache_down"}, {"node", 1}, {"replica", 0}, {"at_s", 4}}};
  const auto kept = run_summary(scenario, "validity10")["failover"]["faults.1"];
  EXPECT_EQ(kept["detected_s"], 6.0);
  EXPECT_TRUE(kept["promoted_s"].is_null()) << "the resyncing replica's data is too old";
  EXPECT_EQ(kept["unavailable_s"], 16.0) << "to the end of the run";
  scenario["cache"]["failover"]["validity_factor"] = 0;
  const auto summary = run_summary(scenario, "validity0");
  const auto promoted = summary["failover"]["faults.1"];
  EXPECT_EQ(promoted["new_primary"], "1r1");
  EXPECT_NEAR(promoted["promoted_s"].get<double>(), 6.6, 1e-9);
  EXPECT_EQ(summary["cache"]["shards"]["1r1"]["role_at_end"], "primary");
  EXPECT_GT(summary["cache"]["shards"]["1r1"]["commands"].get<double>(), 0.0);
  EXPECT_GT(summary["cache"]["misses"].get<double>(), 0.0) << "the promoted replica had no data";
  fs::remove_all(scratch_dir());
}

// A minority partition (cluster, no jitter, node_timeout_s 2): at 5 s shard 1's primary and app
// instance 0 are cut from everything else. The primary keeps serving instance 0, fills included,
// until it notices at 5 + 2 = 7 s (minority_down); the majority agrees FAIL at 7 s and promotes
// the replica at 7 + 0.5 + vote_s 0.1 = 7.6 s. Every fill the cut-off primary stored in [5, 7) never
// reached the replica: lost. When the partition heals at 12 s the old primary rejoins as a replica.
TEST(Failover, AMinorityPrimaryTakesWritesUntilNodeTimeoutAndLosesThem) {
  auto scenario = cluster_scenario(2000, {{"type", "cluster"}, {"node_timeout_s", 2}, {"random", false}},
                                   {{"on_failure", true}});
  scenario["topology"]["app_instances"] = 4;
  scenario["topology"]["clients"] = 4;
  scenario["topology"]["cache_link"] = {{"latency_s", 0}, {"bandwidth_Bps", 1e15}};
  scenario["cache"]["warm_start"] = false;
  scenario["workload"]["key_classes"][0]["keys"]["count"] = 10000000;  // nearly every GET misses and fills
  scenario["faults"] = {{{"type", "minority_partition"}, {"node", 1}, {"first_app", 0}, {"app_count", 1},
                         {"at_s", 5}, {"duration_s", 7}}};
  const auto summary = run_summary(scenario, "minority");
  const auto& f = summary["failover"]["faults.0"];
  EXPECT_EQ(f["detected_s"], 7.0);
  EXPECT_NEAR(f["promoted_s"].get<double>(), 7.6, 1e-9);
  EXPECT_EQ(f["new_primary"], "1r1");
  const auto fills = read_series(scratch_dir() / "minority" / "timeseries.csv", "shard_fills", "shard=1");
  EXPECT_GT(fills.at(5), 20.0) << "instance 0 (a quarter of the load) fills shard 1 (a third of the keys)";
  EXPECT_EQ(f["writes_lost"].get<double>(), fills.at(5) + fills.at(6)) << "what the cut-off primary took in [5, 7)";
  EXPECT_EQ(fills.at(7), 0.0) << "from 7 s it answers CLUSTERDOWN";
  EXPECT_LT(fills.at(4), fills.at(5) * 5) << "before the cut every instance filled it";
  EXPECT_EQ(summary["cache"]["shards"]["1"]["role_at_end"], "replica");
  EXPECT_EQ(summary["cache"]["shards"]["1r1"]["role_at_end"], "primary");
  const std::string events = read_file(scratch_dir() / "minority" / "events.jsonl");
  EXPECT_NE(events.find(R"("t_s":7.0,"component":"cache.nodes.1","state":"minority_down")"), std::string::npos);
  EXPECT_NE(events.find(R"("t_s":12.0,"component":"cache.shards.1","state":"rejoined_as_replica")"), std::string::npos);
  fs::remove_all(scratch_dir());
}

// require_full_coverage: from FAIL (crash + node_timeout_s) until the shard is served again, every
// node answers -CLUSTERDOWN, so the healthy shards' keys fail too; without it they are served.
// A process that is killed (its host up) refuses connections at once: no GET waits the timeout.
TEST(Failover, FullCoverageRefusesTheHealthyShardsWhileAShardHasNoPrimary) {
  auto scenario = cluster_scenario(3000, {{"type", "cluster"}, {"node_timeout_s", 2}, {"random", false}},
                                   {{"on_failure", true}});
  scenario["cache"]["replicas_per_shard"] = 0;
  scenario["faults"] = {{{"type", "cache_down"}, {"node", 1}, {"at_s", 5}, {"duration_s", 7}, {"kind", "process"}}};
  const auto covered = run_summary(scenario, "coverage");
  scenario["cache"]["failover"]["require_full_coverage"] = false;
  const auto partial = run_summary(scenario, "partial");
  const auto hits_on = read_series(scratch_dir() / "coverage" / "timeseries.csv", "shard_hits", "shard=0");
  const auto hits_off = read_series(scratch_dir() / "partial" / "timeseries.csv", "shard_hits", "shard=0");
  for (int w = 7; w < 12; ++w) {
    EXPECT_EQ(hits_on.at(w), 0.0) << "window " << w << ": CLUSTERDOWN";
    EXPECT_GT(hits_off.at(w), 500.0) << "window " << w;
  }
  EXPECT_GT(hits_on.at(6), 500.0);
  EXPECT_GT(hits_on.at(13), 500.0);
  const std::string events = read_file(scratch_dir() / "coverage" / "events.jsonl");
  for (const char* line : {R"({"replication":0,"t_s":5.0,"component":"cache.shards.1","state":"killed"})",
                           R"({"replication":0,"t_s":7.0,"component":"cache.cluster","state":"down"})",
                           R"({"replication":0,"t_s":12.0,"component":"cache.cluster","state":"ok"})"})
    EXPECT_NE(events.find(line), std::string::npos) << line << "\n" << events;
  EXPECT_EQ(covered["failover"]["faults.0"]["detected_s"], 7.0);
  EXPECT_EQ(covered["failover"]["faults.0"]["restored_s"], 12.0);
  EXPECT_LT(covered["latency_s"]["p999"].get<double>(), 0.02) << "refused at once: no request waited app.cache_timeout_s";
  EXPECT_GT(covered["cache"]["refused"].get<double>(), partial["cache"]["refused"].get<double>());
  fs::remove_all(scratch_dir());
}

// Persistence: a primary crashed at 12.5 s restarts at 13.5 s with its last save: an RDB snapshot
// every 5 s (as of 10 s) or an AOF fsync every second (as of 12 s). Nearly every GET misses (10^6 keys)
// and fills its key, nothing expires: the keys loaded are exactly the keys the node held then,
// the gauge's value at the end of window 9 or 11.
TEST(Failover, RestartsLoadTheLastSnapshotOrTheLastSecondOfTheAppendOnlyFile) {
  for (const char* type : {"rdb", "aof_everysec"}) {
    const nlohmann::json scenario = {
        {"name", "persist"}, {"duration_s", 16}, {"seed", 2},
        {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 400}}},
                      {"key_classes", {{{"name", "k"}, {"keys", {{"type", "uniform"}, {"count", 1000000}}},
                                        {"ttl_s", 1000000}}}}}},
        {"cache", {{"active_expiry", {{"hz", 0}}},
                   {"persistence", {{"type", type}, {"snapshot_interval_s", 5}, {"load_rate_Bps", 1e7}}}}},
        {"origin", {{"connections", 1000}, {"service_s", {{"type", "deterministic"}, {"value", 0.001}}}}},
        {"faults", {{{"type", "cache_down"}, {"node", 0}, {"at_s", 12.5}, {"duration_s", 1}}}}};
    const std::string name = std::string("persist_") + type;
    const auto summary = run_summary(scenario, name);
    const fs::path csv = scratch_dir() / name / "timeseries.csv";
    const auto keys = read_series(csv, "shard_keys_end", "shard=0");
    const auto loaded = read_series(csv, "shard_keys_loaded", "shard=0");
    double total = 0.0;
    for (const auto& [window, value] : loaded) total += value;
    const int window = std::string(type) == "rdb" ? 9 : 11;
    EXPECT_GT(keys.at(window), 3000.0) << type;
    EXPECT_EQ(total, keys.at(window)) << type << ": the keys of the last save";
    const double restored = summary["failover"]["faults.0"]["restored_s"].get<double>();
    EXPECT_GT(restored, 13.5) << type << ": loading takes dataset bytes / load_rate_Bps";
    EXPECT_LT(restored, 15.0) << type;
  }
  fs::remove_all(scratch_dir());
}

// A partition between the only app instance and the only node: every GET sent during it waits
// exactly app.cache_timeout_s, then reads the origin, so a request takes client -> app (0.3 ms)
// + 50 ms + app -> origin (0.6 ms) + 1 ms of service + back (0.6 + 0.3 ms) = 52.8 ms. A killed
// process instead refuses at once: the GET's round trip (0.4 ms) replaces the 50 ms: 3.2 ms.
TEST(Failover, APartitionCostsExactlyTheCacheTimeoutAndARefusedConnectionNone) {
  nlohmann::json scenario = {
      {"name", "partition"}, {"duration_s", 12}, {"seed", 4},
      {"topology", {{"clients", 1}, {"app_instances", 1},
                    {"client_link", {{"latency_s", 0.0002}, {"bandwidth_Bps", 1e15}}},
                    {"app_link", {{"latency_s", 0.0001}, {"bandwidth_Bps", 1e15}}},
                    {"cache_link", {{"latency_s", 0.0001}, {"bandwidth_Bps", 1e15}}},
                    {"origin_link", {{"latency_s", 0.0005}, {"bandwidth_Bps", 1e15}}}}},
      {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 200}}},
                    {"key_classes", {{{"name", "k"}, {"keys", {{"type", "uniform"}, {"count", 100}}},
                                      {"value_size_bytes", {{"type", "deterministic"}, {"value", 100}}},
                                      {"ttl_s", 1000000}}}}}},
      {"cache", {{"warm_start", true}, {"active_expiry", {{"hz", 0}}}}},
      {"origin", {{"connections", 1000}, {"service_s", {{"type", "deterministic"}, {"value", 0.001}}}}},
      {"faults", {{{"type", "partition"}, {"node", 0}, {"at_s", 5}, {"duration_s", 5}}}}};
  run_summary(scenario, "cut");
  scenario["faults"] = {{{"type", "cache_down"}, {"node", 0}, {"kind", "process"}, {"at_s", 5}, {"duration_s", 5}}};
  run_summary(scenario, "killed");
  const auto cut = read_series(scratch_dir() / "cut" / "timeseries.csv", "latency_p50", "");
  const auto killed = read_series(scratch_dir() / "killed" / "timeseries.csv", "latency_p50", "");
  for (int w = 6; w < 10; ++w) {
    EXPECT_NEAR(cut.at(w), 0.0528, 0.0528 * 0.005) << "window " << w;
    EXPECT_NEAR(killed.at(w), 0.0032, 0.0032 * 0.005) << "window " << w;
  }
  EXPECT_LT(cut.at(11), 0.002) << "hits again after the partition (a 1 ms round trip)";
  const std::string events = read_file(scratch_dir() / "cut" / "events.jsonl");
  EXPECT_EQ(events, R"({"replication":0,"t_s":5.0,"component":"cache.shards.0.link.app.0","state":"cut"})" "\n"
                    R"({"replication":0,"t_s":10.0,"component":"cache.shards.0.link.app.0","state":"restored"})" "\n");
  fs::remove_all(scratch_dir());
}

}  // namespace
}  // namespace cachestorm
