// A replicated run keeps its finished replications in a store beside the output directory until
// its results are written (run/replication_store.hpp): Ctrl-C after some replications finish
// loses none of them, and the same command run again simulates only the rest and writes files
// byte-identical to an uninterrupted run. A replication in the store is used as stored (it is not
// simulated again), and only by a run of the same identity.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/run_replicated.hpp"
#include "integration/cli_helpers.hpp"
#include "run/replication_store.hpp"
#include "run/scenario_input.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::scratch_dir;
using testing::write_scenario;

// About a million requests per replication: long enough to interrupt between replications.
const char* kMedium = R"({"name": "medium", "duration_s": 20,
  "workload": {"arrivals": {"type": "poisson", "rate_per_s": 50000}, "key_classes": [{"keys": {"type": "zipf", "count": 20000}, "ttl_s": 5}]},
  "cache": {"nodes": 2},
  "faults": [{"type": "cache_down", "node": 1, "at_s": 8, "duration_s": 2}]})";

const char* kOutputs[] = {"summary.json", "summary.csv", "replications.csv", "timeseries.csv", "events.jsonl", "scenario.json"};

fs::path store_of(const fs::path& out) {
  return out.parent_path() / std::string(".").append(out.filename().string()).append(".cachestorm-replications");
}

TEST(CliResume, ARerunAfterCtrlCResumesAndMatchesAnUninterruptedRun) {
  const fs::path scenario = write_scenario("medium.json", kMedium);
  const fs::path fresh = scratch_dir() / "fresh", resumed = scratch_dir() / "resumed";
  const std::string args = " run " + scenario.string() + " -q --replications 4 -j 1 --out ";
  ASSERT_EQ(run_cli(args + fresh.string()).exit_code, 0);
  EXPECT_FALSE(fs::exists(store_of(fresh))) << "a complete run leaves no store behind";
  // Interrupt as soon as replication 0 is saved: replication 1 is then running.
  const std::string first = (store_of(resumed) / "0.summary.json").string();
  const std::string command = "timeout -s KILL 120 sh -c '" + std::string(CACHESTORM_BINARY) + args + resumed.string() +
                              " 2>/dev/null & pid=$!; while [ ! -f " + first +
                              " ]; do sleep 0.02; done; kill -INT $pid; wait $pid'";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 130);
  ASSERT_TRUE(fs::exists(first));
  const auto partial = nlohmann::json::parse(read_file(resumed / "summary.json"));
  EXPECT_EQ(partial["status"], "interrupted");
  const size_t kept = partial["replications"].get<size_t>();
  ASSERT_GE(kept, 1u);
  ASSERT_LT(kept, 4u);

  ASSERT_EQ(run_cli(args + resumed.string()).exit_code, 0);
  for (const char* file : kOutputs) {
    EXPECT_FALSE(read_file(fresh / file).empty()) << file;
    EXPECT_EQ(read_file(fresh / file), read_file(resumed / file)) << file;
  }
  const auto manifest = nlohmann::json::parse(read_file(resumed / "manifest.json"));
  EXPECT_EQ(manifest["replications_resumed"], kept);
  EXPECT_FALSE(fs::exists(store_of(resumed)));
  fs::remove_all(scratch_dir());
}

// The identity of a run of `scenario` with --replications as the CLI computes it.
std::string identity_of(const fs::path& scenario, double warmup_s) {
  run::LoadedScenario loaded;
  const run::ScenarioRequest request{scenario.string(), std::nullopt, {}, uint64_t{4096}, 1};
  EXPECT_FALSE(run::load_scenario(request, loaded).has_value());
  return run::replication_identity(loaded.scenario, warmup_s);
}

// Replication 1 planted in the store with a hit ratio no simulation gives (2): a run of the same
// identity reports it, so it was taken from the store; a run with another warm-up does not.
TEST(CliResume, AStoredReplicationIsUsedOnlyByTheSameIdentity) {
  const fs::path scenario = write_scenario("medium.json", kMedium);
  const fs::path out = scratch_dir() / "out";
  const fs::path donor = scratch_dir() / "donor";
  ASSERT_EQ(run_cli("run " + scenario.string() + " -q --seed 7 --out " + donor.string()).exit_code, 0);
  auto summary = nlohmann::json::parse(read_file(donor / "summary.json"));
  summary["replication"] = 1;
  summary["requests"]["hit_ratio"] = 2.0;
  const std::string rows = read_file(donor / "timeseries.csv");
  const run::SavedReplication planted{summary.dump(), [&rows](const analysis::TextSink& out) { out(rows); }, ""};
  const fs::path target = fs::weakly_canonical(fs::absolute(out));
  run::ReplicationStore::open(target, "", identity_of(scenario, 0.0)).save(1, planted);

  ASSERT_EQ(run_cli("run " + scenario.string() + " -q --replications 2 --out " + out.string()).exit_code, 0);
  EXPECT_NE(read_file(out / "replications.csv").find("1,requests.hit_ratio,2,ratio\n"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(read_file(out / "manifest.json"))["replications_resumed"], 1);

  run::ReplicationStore::open(target, "", identity_of(scenario, 0.0)).save(1, planted);
  ASSERT_EQ(run_cli("run " + scenario.string() + " -q --replications 2 --warmup 1 --out " + out.string()).exit_code, 0);
  EXPECT_EQ(read_file(out / "replications.csv").find("1,requests.hit_ratio,2,ratio\n"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(read_file(out / "manifest.json"))["replications_resumed"], 0);
  fs::remove_all(scratch_dir());
}

// A directory at the store's place that is not a store is refused and left alone.
TEST(CliResume, SomethingElseAtTheStorePlaceIsRefused) {
  const fs::path scenario = write_scenario("medium.json", kMedium);
  const fs::path out = scratch_dir() / "out";
  fs::create_directories(store_of(out));
  { std::ofstream(store_of(out) / "notes.txt") << "mine"; }
  const auto outcome = run_cli("run " + scenario.string() + " -q --replications 2 --out " + out.string());
  EXPECT_EQ(outcome.exit_code, 73);
  EXPECT_NE(outcome.stderr_text.find("not a cachestorm replication store"), std::string::npos) << outcome.stderr_text;
  EXPECT_EQ(read_file(store_of(out) / "notes.txt"), "mine");
  fs::remove_all(scratch_dir());
}

}  // namespace
}  // namespace cachestorm
