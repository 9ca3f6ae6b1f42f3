// The cachestorm command as a user runs it, in child processes: byte-identical results for one
// seed, and bad input refused with the documented exit code, a message naming the JSON path, and
// nothing written.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "integration/cli_helpers.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::scratch_dir;
using testing::write_scenario;
using Outcome = testing::CliOutcome;

const char* kSmall = R"({"name": "small", "duration_s": 20,
  "workload": {"arrivals": {"type": "poisson", "rate_per_s": 5000}, "key_classes": [{"keys": {"type": "zipf", "count": 20000, "s": 1.0}, "ttl_s": 3}]},
  "cache": {"nodes": 2},
  "origin": {"connections": 8, "queue_limit": 100, "service_s": {"type": "exponential", "mean": 0.002}},
  "faults": [{"type": "cache_down", "node": 0, "at_s": 5, "duration_s": 4}]})";

TEST(Cli, SameSeedGivesByteIdenticalResults) {
  const fs::path scenario = write_scenario("small.json", kSmall);
  const fs::path a = scratch_dir() / "a", b = scratch_dir() / "b", c = scratch_dir() / "c";
  ASSERT_EQ(run_cli("run " + scenario.string() + " --seed 7 --out " + a.string()).exit_code, 0);
  ASSERT_EQ(run_cli("run " + scenario.string() + " --seed 7 --out " + b.string()).exit_code, 0);
  ASSERT_EQ(run_cli("run " + scenario.string() + " --seed 8 --out " + c.string()).exit_code, 0);
  for (const char* file : {"summary.json", "timeseries.csv", "scenario.json"}) {
    EXPECT_FALSE(read_file(a / file).empty()) << file;
    EXPECT_EQ(read_file(a / file), read_file(b / file)) << file;
  }
  EXPECT_NE(read_file(a / "timeseries.csv"), read_file(c / "timeseries.csv"));
  const auto manifest = nlohmann::json::parse(read_file(a / "manifest.json"));
  EXPECT_EQ(manifest["seed"], 7);
  EXPECT_EQ(manifest["scenario_sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(manifest["scenario_sha256"], nlohmann::json::parse(read_file(b / "manifest.json"))["scenario_sha256"]);
  fs::remove_all(scratch_dir());
}

TEST(Cli, TheConsoleGivesEachStalenessBudgetsVerdict) {
  // An out-of-band writer on one always-cached key: the value read after a write is stale until
  // the TTL ends it, so reads older than 0 s exist (budget broken at 0 %) and none is older than
  // the run (budget met).
  const std::string scenario_text = R"({"name": "budget", "duration_s": 10,
    "workload": {"arrivals": {"type": "poisson", "rate_per_s": 1000},
      "key_classes": [{"name": "item", "keys": {"type": "uniform", "count": 1}, "ttl_s": 2,
        "writes": {"type": "none", "arrivals": {"type": "periodic", "rate_per_s": 5}},
        "staleness_budget": {"age_s": AGE, "max_fraction": 0}}]}})";
  for (const std::string age : {"0", "100"}) {
    std::string text = scenario_text;
    text.replace(text.find("AGE"), 3, age);
    const fs::path scenario = write_scenario("budget.json", text);
    const fs::path console = scratch_dir() / ("console-" + age + ".txt");
    const Outcome outcome =
        run_cli("run " + scenario.string() + " --out " + (scratch_dir() / age).string(), 120, console.string());
    ASSERT_EQ(outcome.exit_code, 0) << outcome.stderr_text;
    const std::string text_out = read_file(console);
    const std::string verdict = age == "0" ? "): BROKEN" : "(0 reads; allowed 0.0000%): met";
    EXPECT_NE(text_out.find("staleness budget of item: "), std::string::npos) << text_out;
    EXPECT_NE(text_out.find(verdict), std::string::npos) << text_out;
  }
  fs::remove_all(scratch_dir());
}

TEST(Cli, TheOriginLineAccountsForEveryQueryUnderOverload) {
  // An origin far too small (1 connection of 20 ms for ~2 000 misses a second) with a bounded
  // queue and a queue timeout: queries are started, rejected or timed out, and the rest are the
  // ones still waiting when the run ends, which the queue limit (50) bounds.
  const fs::path scenario = write_scenario("overload.json", R"({"name": "overload", "duration_s": 10,
    "workload": {"arrivals": {"type": "poisson", "rate_per_s": 2000},
      "key_classes": [{"keys": {"type": "uniform", "count": 1000000}, "ttl_s": 5}]},
    "origin": {"connections": 1, "queue_limit": 50, "queue_timeout_s": 0.2,
      "service_s": {"type": "deterministic", "value": 0.02}}})");
  const fs::path console = scratch_dir() / "console.txt", out = scratch_dir() / "out";
  const Outcome outcome = run_cli("run " + scenario.string() + " --out " + out.string(), 120, console.string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.stderr_text;
  const std::string text = read_file(console);
  unsigned long long arrived = 0, started = 0, rejected = 0, timed_out = 0;
  const size_t at = text.find("  origin: ");
  ASSERT_NE(at, std::string::npos) << text;
  ASSERT_EQ(std::sscanf(text.c_str() + at,
                        "  origin: %llu queries arrived, %llu started, %llu rejected (queue full), %llu timed out in the queue;",
                        &arrived, &started, &rejected, &timed_out),
            4)
      << text;
  const auto origin = nlohmann::json::parse(read_file(out / "summary.json"))["origin"];
  EXPECT_EQ(rejected, origin["rejected"].get<unsigned long long>());
  EXPECT_EQ(timed_out, origin["queue_timeouts"].get<unsigned long long>());
  EXPECT_GT(rejected, 0u);
  EXPECT_GT(timed_out, 0u);
  // At most 1 / 0.02 s = 50 starts a second: 10 s give at most 501 (one at 0).
  EXPECT_LE(started, 501u);
  ASSERT_GE(arrived, started + rejected + timed_out);
  EXPECT_LE(arrived - started - rejected - timed_out, 50u);  // waiting at the end: within the queue limit
  fs::remove_all(scratch_dir());
}

TEST(Cli, InvalidScenarioExits65NamingThePathAndWritesNothing) {
  const fs::path scenario = write_scenario("bad.json", R"({"name": "bad", "origin": {"connections": -4}})");
  const fs::path out = scratch_dir() / "never";
  const Outcome outcome = run_cli("run " + scenario.string() + " --out " + out.string());
  EXPECT_EQ(outcome.exit_code, 65);
  EXPECT_NE(outcome.stderr_text.find("origin.connections: must be an integer in [1, 4294967295] (got -4)"), std::string::npos)
      << outcome.stderr_text;
  EXPECT_FALSE(fs::exists(out));
  fs::remove_all(scratch_dir());
}

TEST(Cli, MalformedJsonExits65) {
  const fs::path scenario = write_scenario("broken.json", R"({"name": "x", )");
  const Outcome outcome = run_cli("run " + scenario.string() + " --out " + (scratch_dir() / "o").string());
  EXPECT_EQ(outcome.exit_code, 65);
  EXPECT_NE(outcome.stderr_text.find("not valid JSON"), std::string::npos) << outcome.stderr_text;
  EXPECT_FALSE(fs::exists(scratch_dir() / "o"));
  fs::remove_all(scratch_dir());
}

TEST(Cli, MissingScenarioExits66AndBadFlagsExit64) {
  EXPECT_EQ(run_cli("run /nonexistent/scenario.json").exit_code, 66);
  EXPECT_EQ(run_cli("run").exit_code, 64);
  EXPECT_EQ(run_cli("frobnicate").exit_code, 64);
  EXPECT_EQ(run_cli("--help").exit_code, 0);
  fs::remove_all(scratch_dir());
}

TEST(Cli, RefusesToReplaceADirectoryThatIsNotAResult) {
  const fs::path scenario = write_scenario("small.json", kSmall);
  const fs::path out = scratch_dir() / "precious";
  fs::create_directories(out);
  std::ofstream(out / "notes.txt") << "keep me";
  EXPECT_EQ(run_cli("run " + scenario.string() + " --out " + out.string()).exit_code, 73);
  EXPECT_EQ(read_file(out / "notes.txt"), "keep me");
  fs::remove_all(scratch_dir());
}

}  // namespace

namespace {

TEST(Cli, InterruptedRunWritesWhatItSimulatedAndExits130) {
  // A run far too long to finish: SIGINT after one wall second must stop it at a whole simulated
  // second, write consistent results marked "interrupted", and exit 130. Its fault is still to
  // come, so the interrupt unwinds an actor that waits for it (in the sanitized build that once
  // read as a stack overflow, because the engine switched stacks under AddressSanitizer).
  const fs::path scenario = write_scenario("long.json", R"({"name": "long", "duration_s": 20000,
    "workload": {"arrivals": {"type": "poisson", "rate_per_s": 20000}, "key_classes": [{"keys": {"type": "zipf", "count": 1000}}]},
    "faults": [{"type": "cache_down", "node": 0, "at_s": 10000, "duration_s": 1}]})");
  const fs::path out = scratch_dir() / "partial";
  const std::string command = "sh -c '" + std::string(CACHESTORM_BINARY) + " run " + scenario.string() + " -q --out " +
                              out.string() + " & pid=$!; sleep 1; kill -INT $pid; wait $pid'";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  EXPECT_EQ(summary["status"], "interrupted");
  const double until = summary["simulated_until_s"].get<double>();
  EXPECT_GT(until, 0.0);
  EXPECT_EQ(until, std::floor(until));
  // The time series has exactly the simulated windows, and its requests add up to the summary's.
  std::istringstream csv(read_file(out / "timeseries.csv"));
  std::string line;
  uint64_t requests = 0, windows = 0;
  while (std::getline(csv, line)) {
    if (line.find(",requests,,") == std::string::npos) continue;
    ++windows;
    requests += std::stoull(line.substr(line.find(",requests,,") + 11));
  }
  EXPECT_EQ(windows, static_cast<uint64_t>(until));
  EXPECT_EQ(requests, summary["requests"]["total"].get<uint64_t>());
  fs::remove_all(scratch_dir());
}

}  // namespace
}  // namespace cachestorm
