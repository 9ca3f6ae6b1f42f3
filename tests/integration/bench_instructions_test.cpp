// The instruction benchmark (scripts/bench_instructions.py) on a short steady: its events per
// request must be exactly the difference of the two horizons' event counts over the difference
// of their requests, as two plain runs report them (--perf-out), and its instruction figures must
// be those of a real count (the fixed cost above the 76.8 M that loading SimGrid alone executes;
// a forked replication's below the whole run's less that loading).
// Not in the sanitized suite: valgrind cannot run a binary built with AddressSanitizer.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "cli_helpers.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::scratch_dir;

nlohmann::json perf_of(const std::string& horizon) {
  const fs::path out = scratch_dir() / ("steady-" + horizon);
  const fs::path perf = scratch_dir() / ("steady-" + horizon + ".json");
  const auto outcome = run_cli("run " + std::string(CACHESTORM_SOURCE_DIR) + "/scenarios/steady.json -q --set duration_s=" +
                               horizon + " --out " + out.string() + " --perf-out " + perf.string());
  EXPECT_EQ(outcome.exit_code, 0) << outcome.stderr_text;
  return nlohmann::json::parse(read_file(perf));
}

TEST(BenchInstructions, EventsPerRequestAreTheRunsOwnCountsAndInstructionsAreCounted) {
  const fs::path figures = scratch_dir() / "bench.json";
  const std::string command = "/usr/bin/python3 " + std::string(CACHESTORM_SOURCE_DIR) +
                              "/scripts/bench_instructions.py --build " +
                              fs::path(CACHESTORM_BINARY).parent_path().string() +
                              " --scenarios steady --horizons 1,2 --wall-rounds 0 --peers /nonexistent --json " +
                              figures.string() + " > " + (scratch_dir() / "bench.out").string() + " 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << read_file(scratch_dir() / "bench.out");
  const auto steady = nlohmann::json::parse(read_file(figures))["cachestorm"]["steady"];
  const auto one = perf_of("1"), two = perf_of("2");
  const double requests = two["requests"].get<double>() - one["requests"].get<double>();
  ASSERT_GT(requests, 40000.0);
  EXPECT_DOUBLE_EQ(steady["events_per_request"].get<double>(),
                   (two["events"].get<double>() - one["events"].get<double>()) / requests);
  EXPECT_GT(steady["fixed_instructions"].get<double>(), 76.8e6);
  // A replication of a replicated run is forked from a process that loaded the libraries and
  // built the key tables: it counts less than a whole run by at least the loading, and at least
  // 100 instructions for each of its first second's ~50 000 requests.
  EXPECT_LT(steady["replication_instructions"].get<double>(), steady["fixed_instructions"].get<double>() - 76.8e6);
  EXPECT_GT(steady["replication_instructions"].get<double>(), 100.0 * one["requests"].get<double>());
  EXPECT_GT(steady["instructions_per_request"].get<double>(), 100.0);
  EXPECT_LT(steady["instructions_per_request"].get<double>(), 20000.0);
  EXPECT_NE(read_file(scratch_dir() / "bench.out").find("| steady | "), std::string::npos) << "the table names it";
  fs::remove_all(scratch_dir());
}

}  // namespace
}  // namespace cachestorm
