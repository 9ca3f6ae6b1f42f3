// `cachestorm sweep` as a user runs it: each point is exactly the replicated run of the scenario
// with its values set (same seed: common random numbers), the jobs do not change a byte, shards
// merge to the whole, and mistakes are refused before anything runs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_helpers.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::scratch_dir;

const std::string kScenario = std::string(CACHESTORM_SOURCE_DIR) + "/scenarios/cache_outage.json --set duration_s=100";

TEST(CliSweep, EachPointIsTheReplicatedRunOfItsValues) {
  const fs::path dir = scratch_dir();
  const std::string axes = " --axis origin.connections=20,32 --axis cache.nodes=3,4 --replications 3";
  const auto two_jobs = run_cli("sweep " + kScenario + axes + " -q --jobs 2 --out " + (dir / "j2").string());
  ASSERT_EQ(two_jobs.exit_code, 0) << two_jobs.stderr_text;
  const auto sweep = nlohmann::json::parse(read_file(dir / "j2" / "sweep.json"));
  ASSERT_EQ(sweep["points"].size(), 4u);
  const auto& point = sweep["points"][2];  // origin.connections=32, cache.nodes=3
  EXPECT_EQ(point["values"]["origin.connections"], 32);
  EXPECT_EQ(point["values"]["cache.nodes"], 3);
  ASSERT_EQ(run_cli("run " + kScenario + " --set origin.connections=32 --set cache.nodes=3 --replications 3 -q --out " +
                    (dir / "run").string()).exit_code, 0);
  const auto run = nlohmann::json::parse(read_file(dir / "run" / "summary.json"));
  EXPECT_EQ(point["metrics"], run["metrics"]);
  // Fewer connections, more errors in the incident, on the same arrivals.
  EXPECT_GT(sweep["points"][0]["metrics"]["windows.incident.requests.errors"]["mean"].get<double>(),
            point["metrics"]["windows.incident.requests.errors"]["mean"].get<double>());
  // One job gives the same bytes; so do shards, merged.
  ASSERT_EQ(run_cli("sweep " + kScenario + axes + " -q --jobs 1 --out " + (dir / "j1").string()).exit_code, 0);
  for (int k = 0; k < 3; ++k)
    ASSERT_EQ(run_cli("sweep " + kScenario + axes + " -q --jobs 2 --shard " + std::to_string(k) + "/3 --out " +
                      (dir / ("s" + std::to_string(k))).string()).exit_code, 0);
  const auto missing = run_cli("merge " + (dir / "s0").string() + " " + (dir / "s2").string() + " --out " +
                               (dir / "m").string());
  EXPECT_EQ(missing.exit_code, 65);
  EXPECT_NE(missing.stderr_text.find("points missing: 1 (shard 1/3)"), std::string::npos) << missing.stderr_text;
  EXPECT_FALSE(fs::exists(dir / "m"));
  ASSERT_EQ(run_cli("merge " + (dir / "s0").string() + " " + (dir / "s1").string() + " " + (dir / "s2").string() +
                    " -q --out " + (dir / "m").string()).exit_code, 0);
  for (const char* file : {"sweep.csv", "sweep.json", "points.json", "shard.json"}) {
    EXPECT_EQ(read_file(dir / "j1" / file), read_file(dir / "j2" / file)) << file;
    EXPECT_EQ(read_file(dir / "m" / file), read_file(dir / "j2" / file)) << file;
  }
  // Shards of another sweep are refused.
  ASSERT_EQ(run_cli("sweep " + kScenario + " --axis origin.connections=20,21 --replications 2 -q --shard 1/3 --out " +
                    (dir / "other").string()).exit_code, 0);
  const auto mixed = run_cli("merge " + (dir / "s0").string() + " " + (dir / "other").string() + " --out " +
                             (dir / "m2").string());
  EXPECT_EQ(mixed.exit_code, 65);
  EXPECT_NE(mixed.stderr_text.find("belongs to another sweep"), std::string::npos) << mixed.stderr_text;
  fs::remove_all(scratch_dir());
}

TEST(CliSweep, MistakesAreRefusedBeforeAnythingRuns) {
  const fs::path out = scratch_dir() / "out";
  const std::vector<std::tuple<std::string, int, std::string>> cases = {
      {"--axis origin.connections=lin:1:2", 64, "a range is lin:LOW:HIGH:N"},
      {"--axis origin.connections=1,2 --axis origin.connections=3", 64, "--axis origin.connections is given twice"},
      {"--axis origin.connections=1,2 --design lhs", 64, "--design lhs needs --points N"},
      {"--axis origin.connections=1,2 --shard 4/4", 64, "--shard 4/4: write K/N with 0 <= K < N"},
      {"--axis origin.connections=8,-1", 65, "point 1 (origin.connections=-1):"},
      {"--axis origin.nothing=1,2", 65, "point 0 (origin.nothing=1): "}};
  for (const auto& [args, code, message] : cases) {
    const auto outcome = run_cli("sweep " + kScenario + " " + args + " -q --out " + out.string(), 30);
    EXPECT_EQ(outcome.exit_code, code) << args << ": " << outcome.stderr_text;
    EXPECT_NE(outcome.stderr_text.find(message), std::string::npos) << args << ": " << outcome.stderr_text;
    EXPECT_FALSE(fs::exists(out)) << args;
  }
  // merge: a directory that is no finished shard, and one whose files are no sweep's.
  const fs::path empty = scratch_dir() / "empty", odd = scratch_dir() / "odd";
  fs::create_directories(empty);
  fs::create_directories(odd);
  std::ofstream(odd / "shard.json") << R"({"complete": true, "of": 1})";
  std::ofstream(odd / "sweep.json") << "{}";
  std::ofstream(odd / "points.json") << "{}";
  const auto none = run_cli("merge " + empty.string() + " --out " + out.string(), 30);
  EXPECT_EQ(none.exit_code, 66);
  EXPECT_NE(none.stderr_text.find("no shard.json; not a finished sweep shard"), std::string::npos) << none.stderr_text;
  const auto strange = run_cli("merge " + odd.string() + " --out " + out.string(), 30);
  EXPECT_EQ(strange.exit_code, 66);
  EXPECT_NE(strange.stderr_text.find("a shard's files are not a sweep's"), std::string::npos) << strange.stderr_text;
  EXPECT_FALSE(fs::exists(out));
  fs::remove_all(scratch_dir());
}

}  // namespace
}  // namespace cachestorm
