// Scenarios beyond the machine and runs that outgrow it, through the command: refused up front
// with the key to change, or stopped cleanly with partial results; never a signal. Each limit
// is forced with --memory-limit-mb or ulimit so the outcome does not depend on this machine.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "integration/cli_helpers.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::scratch_dir;
using testing::write_scenario;

using testing::kFlood;

TEST(CliLimits, AKeySpaceBeyondTheBudgetIsRefusedBeforeAllocating) {
  const fs::path scenario = write_scenario("big.json", R"({"name": "big",
    "workload": {"key_classes": [{"keys": {"type": "zipf", "count": 4000000000}}]}})");
  const fs::path out = scratch_dir() / "out";
  const auto outcome = run_cli("run " + scenario.string() + " --out " + out.string(), 30);
  EXPECT_EQ(outcome.exit_code, 65) << outcome.stderr_text;
  EXPECT_NE(outcome.stderr_text.find("workload.key_classes[0].keys.count: the scenario needs about 280.1 GB (280.0 GB "
                                     "for 4000000000 keys (70 B per key)"),
            std::string::npos)
      << outcome.stderr_text;
  EXPECT_NE(outcome.stderr_text.find("lower workload.key_classes[0].keys.count"), std::string::npos);
  const auto small_budget = run_cli("run " + scenario.string() + " --memory-limit-mb 100 --out " + out.string(), 30);
  EXPECT_EQ(small_budget.exit_code, 65);
  EXPECT_FALSE(fs::exists(out));
  fs::remove_all(scratch_dir());
}

TEST(CliLimits, AnOutgrownInFlightBoundStopsCleanlyWithPartialResults) {
  // 300 MiB leaves ~1 M requests in flight (240 B each beside 64 MiB): reached within the first
  // simulated second, so the run stops at t = 0 with its (empty) results marked.
  const fs::path scenario = write_scenario("flood.json", kFlood);
  const fs::path out = scratch_dir() / "out";
  const auto outcome = run_cli("run " + scenario.string() + " -q --memory-limit-mb 300 --out " + out.string(), 60);
  ASSERT_EQ(outcome.exit_code, 75) << outcome.stderr_text;
  EXPECT_NE(outcome.stderr_text.find("requests were in flight"), std::string::npos) << outcome.stderr_text;
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  EXPECT_EQ(summary["status"], "stopped_at_in_flight_limit");
  EXPECT_EQ(summary["simulated_until_s"], 0.0);
  const auto manifest = nlohmann::json::parse(read_file(out / "manifest.json"));
  // The budget less the engine allowance (64 MiB), the key space (1 000 keys at 10 B: a 4 B
  // entry position, a 4 B value size and a 2 B hash slot each; none resident with the cache off),
  // the hosts (a client 2 700 B, an app instance 3 300 B; no cache node) and the metric windows
  // (72 held as rows, 27 000 B each, 50 B per app instance, 3 000 B per key class, and 320 B for
  // each of the 1 000 simulated seconds), at 240 B per request in flight.
  const uint64_t hosts = 2700 + 3300, windows = 72 * (27000 + 50 + 3000) + 1000 * 320;
  EXPECT_EQ(manifest["in_flight_limit"], (300ull * 1048576 - 64ull * 1048576 - 1000 * 10 - hosts - windows) / 240);
  fs::remove_all(scratch_dir());
}

TEST(CliLimits, RunningOutOfMemoryInsideTheEngineExits70WithAMessage) {
  // A budget far above the address-space limit: the allocation fails inside a SimGrid actor.
  const fs::path scenario = write_scenario("flood.json", kFlood);
  const fs::path out = scratch_dir() / "out";
  const std::string command = "sh -c 'ulimit -v 400000; exec " + std::string(CACHESTORM_BINARY) + " run " +
                              scenario.string() + " -q --memory-limit-mb 100000 --out " + out.string() + "' 2>" +
                              (scratch_dir() / "err.txt").string();
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status)) << "killed by a signal";
  EXPECT_EQ(WEXITSTATUS(status), 70);
  EXPECT_NE(read_file(scratch_dir() / "err.txt").find("cachestorm: out of memory"), std::string::npos);
  EXPECT_FALSE(fs::exists(out));
  fs::remove_all(scratch_dir());
}

TEST(CliLimits, CtrlCKillAndHangupStopARunInsideAHugeSimulatedSecond) {
  // At 10^9 requests/s one simulated second takes minutes of wall time; the signal after 1 s must
  // still stop the run (exit 130) with its results written, well inside the 30 s allowed.
  const fs::path scenario = write_scenario("flood.json", kFlood);
  for (const char* signal_name : {"INT", "TERM", "HUP"}) {
    const fs::path out = scratch_dir() / (std::string("out-") + signal_name);
    const std::string command = "timeout -s KILL 30 sh -c '" + std::string(CACHESTORM_BINARY) + " run " +
                                scenario.string() + " -q --memory-limit-mb 20000 --out " + out.string() +
                                " & pid=$!; sleep 1; kill -" + signal_name + " $pid; wait $pid'";
    const int status = std::system(command.c_str());
    ASSERT_TRUE(WIFEXITED(status)) << signal_name;
    EXPECT_EQ(WEXITSTATUS(status), 130) << signal_name;
    EXPECT_EQ(nlohmann::json::parse(read_file(out / "summary.json"))["status"], "interrupted") << signal_name;
  }
  fs::remove_all(scratch_dir());
}

TEST(CliLimits, SeedsBeyondSixtyThreeBitsAreRefusedNotClamped) {
  const fs::path scenario = write_scenario("tiny.json", R"({"name": "tiny", "duration_s": 1})");
  for (const char* seed : {"99999999999999999999", "-1", "9223372036854775808", "7x"}) {
    const auto outcome = run_cli("run " + scenario.string() + " --seed " + seed, 30);
    EXPECT_EQ(outcome.exit_code, 64) << seed;
    EXPECT_NE(outcome.stderr_text.find("--seed: must be an integer in [0, 9223372036854775807]"), std::string::npos)
        << outcome.stderr_text;
  }
  fs::remove_all(scratch_dir());
}

TEST(CliLimits, BenchRefusesAMissingScenarioAndPrintsNoRowForIt) {
  const fs::path stdout_file = scratch_dir() / "bench.txt";
  const auto outcome = run_cli("bench /nonexistent/steady.json", 30, stdout_file.string());
  EXPECT_EQ(outcome.exit_code, 66);
  EXPECT_NE(outcome.stderr_text.find("scenario /nonexistent/steady.json not found"), std::string::npos);
  EXPECT_TRUE(fs::exists(stdout_file));
  EXPECT_EQ(read_file(stdout_file), "") << "no header and no row when a scenario is missing";
  fs::remove_all(scratch_dir());
}

}  // namespace
}  // namespace cachestorm
