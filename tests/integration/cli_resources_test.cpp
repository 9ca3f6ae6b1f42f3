// Full disks, address-space limits, mount points and files of the user's at output paths: each
// a case of the reliability report, reproduced as a user meets it.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli_helpers.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::scratch_dir;
using testing::write_scenario;

const char* kSmall = R"({"name": "small", "duration_s": 30,
  "workload": {"arrivals": {"type": "poisson", "rate_per_s": 2000}, "key_classes": [{"keys": {"type": "zipf", "count": 1000}}]}})";

// Runs `cachestorm ARGS` with a file-size limit of `blocks` 512-byte blocks and SIGXFSZ ignored, so
// a write past the limit fails with EFBIG as a full disk's would with ENOSPC.
testing::CliOutcome run_with_file_limit(const std::string& args, int blocks) {
  const fs::path err = scratch_dir() / "limited.err";
  const std::string command = "sh -c 'trap \"\" XFSZ; ulimit -f " + std::to_string(blocks) + "; exec " +
                              CACHESTORM_BINARY + " " + args + "' >/dev/null 2>" + err.string();
  const int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, testing::without_sanitizer_notes(read_file(err))};
}

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(CliResources, ADiskFillingDuringReplicationsExits73AndTheNextRunResumes) {
  const fs::path dir = scratch_dir() / "disk";
  fs::create_directories(dir);
  const fs::path scenario = write_scenario("small.json", kSmall);
  const std::string args = "run " + scenario.string() + " -q --replications 3 --out " + (dir / "out").string();
  // 40 blocks (20 KiB): the store's marker fits, a replication's time series does not.
  const auto full = run_with_file_limit(args, 40);
  EXPECT_EQ(full.exit_code, 73) << full.stderr_text;
  EXPECT_NE(full.stderr_text.find("could not be saved in"), std::string::npos) << full.stderr_text;
  EXPECT_FALSE(fs::exists(dir / "out"));
  const auto again = run_cli(args);
  EXPECT_EQ(again.exit_code, 0) << again.stderr_text;
  EXPECT_EQ(entries(dir), std::vector<std::string>{"out"}) << "the store is gone once the result is written";
  fs::remove_all(scratch_dir());
}

TEST(CliResources, AStoreLeftEmptyByAFullDiskDoesNotBlockLaterRuns) {
  const fs::path dir = scratch_dir() / "empty-store";
  fs::create_directories(dir / ".out.cachestorm-replications");  // its marker could not be written
  const fs::path scenario = write_scenario("small.json", kSmall);
  const auto outcome = run_cli("run " + scenario.string() + " -q --replications 2 --out " + (dir / "out").string());
  EXPECT_EQ(outcome.exit_code, 0) << outcome.stderr_text;
  EXPECT_EQ(entries(dir), std::vector<std::string>{"out"});
  fs::remove_all(scratch_dir());
}

TEST(CliResources, ADiskFullAtPublicationExits73AndLeavesNothing) {
  const fs::path dir = scratch_dir() / "publish";
  fs::create_directories(dir);
  const fs::path scenario = write_scenario("small.json", kSmall);
  const auto full = run_with_file_limit("run " + scenario.string() + " -q --out " + (dir / "out").string(), 40);
  EXPECT_EQ(full.exit_code, 73) << full.stderr_text;
  EXPECT_NE(full.stderr_text.find("cannot write"), std::string::npos) << full.stderr_text;
  EXPECT_TRUE(entries(dir).empty()) << "no staging directory, no lock file";
  fs::remove_all(scratch_dir());
}

TEST(CliResources, AnEmptyMountPointIsRefusedBeforeSimulating) {
  const fs::path mount = scratch_dir() / "mnt";
  fs::create_directories(mount);
  ASSERT_EQ(std::system(("mount -t tmpfs -o size=4m cachestorm-test " + mount.string()).c_str()), 0)
      << "the test mounts a small tmpfs (as root)";
  const fs::path scenario = write_scenario("endless.json", testing::kEndless);
  const auto outcome = run_cli("run " + scenario.string() + " -q --out " + mount.string(), 30);
  const bool empty = fs::is_empty(mount);
  std::system(("umount " + mount.string()).c_str());
  EXPECT_EQ(outcome.exit_code, 73) << outcome.stderr_text;
  EXPECT_NE(outcome.stderr_text.find("is a mount point"), std::string::npos) << outcome.stderr_text;
  EXPECT_TRUE(empty);
  // A directory inside it is the way: the message says so.
  EXPECT_NE(outcome.stderr_text.find("use a directory inside it"), std::string::npos);
  fs::remove_all(scratch_dir());
}

TEST(CliResources, PerfOutAndWriteTraceNeverOverwriteAFile) {
  const fs::path dir = scratch_dir() / "files";
  fs::create_directories(dir);
  std::ofstream(dir / "notes.txt") << "mine";
  const fs::path scenario = write_scenario("endless.json", testing::kEndless);
  const auto perf = run_cli("run " + scenario.string() + " -q --out " + (dir / "out").string() + " --perf-out " +
                            (dir / "notes.txt").string(), 30);
  EXPECT_EQ(perf.exit_code, 73) << perf.stderr_text;
  EXPECT_NE(perf.stderr_text.find("notes.txt: exists; refusing to overwrite it"), std::string::npos) << perf.stderr_text;
  const auto trace = run_cli("redis-check --write-trace " + (dir / "notes.txt").string() + " --requests 1000", 30);
  EXPECT_EQ(trace.exit_code, 73) << trace.stderr_text;
  EXPECT_EQ(read_file(dir / "notes.txt"), "mine");
  EXPECT_EQ(entries(dir), std::vector<std::string>{"notes.txt"});
  const auto fresh = run_cli("redis-check --write-trace " + (dir / "trace.csv").string() + " --requests 1000", 30);
  EXPECT_EQ(fresh.exit_code, 0) << fresh.stderr_text;
  EXPECT_EQ(read_file(dir / "trace.csv").rfind("key,t_s,value_bytes\n", 0), 0u);
  fs::remove_all(scratch_dir());
}

TEST(CliResources, AQuotedTildeIsRefusedNotMadeADirectory) {
  const auto outcome = run_cli("run " + write_scenario("endless.json", testing::kEndless).string() + " -q --out '~'", 30);
  EXPECT_EQ(outcome.exit_code, 73) << outcome.stderr_text;
  EXPECT_NE(outcome.stderr_text.find("~: starts with '~', which the shell did not expand"), std::string::npos)
      << outcome.stderr_text;
  EXPECT_FALSE(fs::exists("~"));
}

TEST(CliResources, TheInFlightLimitMessageNamesTheShardsWhenTheyAreTheBottleneck) {
  // Every key warm and never expiring, GETs of 0.1 ms against 200 000 requests/s: the one shard
  // serves a twentieth of them and never asks the origin, so the requests pile up at the shard.
  const fs::path scenario = write_scenario("shard.json", R"({"name": "shard", "duration_s": 100,
    "workload": {"arrivals": {"type": "poisson", "rate_per_s": 200000},
                 "key_classes": [{"keys": {"type": "zipf", "count": 1000}, "ttl_s": 1000}]},
    "cache": {"warm_start": true, "commands": {"get": {"base_s": 0.0001}}},
    "app": {"cache_timeout_s": 1000}, "client": {"timeout_s": null}})");
  const fs::path out = scratch_dir() / "shard";
  const auto outcome = run_cli("run " + scenario.string() + " -q --memory-limit-mb 300 --out " + out.string(), 60);
  EXPECT_EQ(outcome.exit_code, 75) << outcome.stderr_text;
  EXPECT_NE(outcome.stderr_text.find("The cache shards cannot keep up (a shard queue reached "), std::string::npos)
      << outcome.stderr_text;
  EXPECT_EQ(outcome.stderr_text.find("origin"), std::string::npos) << "the origin saw no query: " << outcome.stderr_text;
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  EXPECT_EQ(summary["origin"]["queries_arrived"], 0);
  fs::remove_all(scratch_dir());
}

// Under an address-space limit (ulimit -v) and no --memory-limit-mb, the default budget comes
// from the limit: an overloaded run stops at its in-flight bound with partial results (75), where
// a budget read from the machine's free memory ran into the limit and exited 70 with nothing.
// Not in the sanitized suite: AddressSanitizer cannot start under an address-space limit.
TEST(CliResources, TheDefaultBudgetHonoursUnderAnAddressSpaceLimit) {
  const fs::path scenario = write_scenario("flood.json", testing::kFlood);
  const fs::path out = scratch_dir() / "limited";
  const fs::path err = scratch_dir() / "limited.err";
  const std::string command = "sh -c 'ulimit -v 1500000; exec " + std::string(CACHESTORM_BINARY) + " run " +
                              scenario.string() + " -q --out " + out.string() + "' 2>" + err.string();
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status)) << "killed by a signal";
  EXPECT_EQ(WEXITSTATUS(status), 75) << read_file(err);
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  EXPECT_EQ(summary["status"], "stopped_at_in_flight_limit");
  // And a scenario too large for the limit is refused up front, naming the limit.
  const std::string big = "sh -c 'ulimit -v 1500000; exec " + std::string(CACHESTORM_BINARY) + " validate " +
                          scenario.string() + " --set workload.key_classes[0].keys.count=100000000' 2>" + err.string();
  const int refused = std::system(big.c_str());
  EXPECT_EQ(WEXITSTATUS(refused), 65);
  EXPECT_NE(read_file(err).find("90 % of half the address space left under ulimit -v"), std::string::npos) << read_file(err);
  fs::remove_all(scratch_dir());
}

// In a memory control group of 1.5 GB (made by the test, as root: cgroup v1's memory controller
// where it is mounted, else v2), the default budget comes from the group's limit: the flood stops
// at its in-flight bound (75) instead of being killed by the kernel's OOM killer.
// Not in the sanitized suite: AddressSanitizer's own memory (shadow, quarantine) is not estimated.
TEST(CliResources, TheDefaultBudgetHonoursTheLimitInAMemoryControlGroup) {
  const bool v1 = fs::exists("/sys/fs/cgroup/memory/memory.limit_in_bytes");
  const fs::path group = (v1 ? fs::path("/sys/fs/cgroup/memory") : fs::path("/sys/fs/cgroup")) /
                         ("cachestorm-test-" + std::to_string(getpid()));
  ASSERT_TRUE(fs::create_directory(group)) << "cannot make " << group << " (the test runs as root)";
  std::ofstream(group / (v1 ? "memory.limit_in_bytes" : "memory.max")) << "1500000000\n";
  const fs::path scenario = write_scenario("flood.json", testing::kFlood);
  const fs::path out = scratch_dir() / "grouped";
  const fs::path err = scratch_dir() / "grouped.err";
  const std::string command = "sh -c 'echo $$ > " + (group / "cgroup.procs").string() + "; exec " +
                              CACHESTORM_BINARY + " run " + scenario.string() + " -q --out " + out.string() + "' 2>" +
                              err.string();
  const int status = std::system(command.c_str());
  fs::remove(group);  // empty again: its only process has exited
  ASSERT_TRUE(WIFEXITED(status)) << "killed by a signal (the OOM killer?)";
  EXPECT_EQ(WEXITSTATUS(status), 75) << read_file(err);
  EXPECT_EQ(nlohmann::json::parse(read_file(out / "summary.json"))["status"], "stopped_at_in_flight_limit");
  const auto limit = nlohmann::json::parse(read_file(out / "manifest.json"))["in_flight_limit"].get<uint64_t>();
  EXPECT_LT(limit * 240, 1500000000ull) << "the bound fits the group's limit";
  fs::remove_all(scratch_dir());
}

// Many shards at a trickle for long: what grew with duration x shards was the metric windows.
std::string many_shards(int duration_s) {
  return R"({"name": "wide", "duration_s": )" + std::to_string(duration_s) + R"(,
    "workload": {"arrivals": {"type": "poisson", "rate_per_s": 20}, "key_classes": [{"keys": {"type": "zipf", "count": 1000}}]},
    "cache": {"nodes": 100}})";
}

// Runs `cachestorm ARGS...` directly and returns its exit code and peak resident memory in KiB.
std::pair<int, long> run_measured(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  std::string binary = CACHESTORM_BINARY;
  argv.push_back(binary.data());
  std::vector<std::string> copies = args;
  for (auto& arg : copies) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t child = fork();
  if (child == 0) {
    freopen("/dev/null", "w", stderr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(child, &status, 0, &usage);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, usage.ru_maxrss};
}

TEST(CliResources, MemoryDoesNotGrowWithDurationTimesShards) {
  const fs::path dir = scratch_dir() / "long";
  fs::create_directories(dir);
  const fs::path shorter = write_scenario("short.json", many_shards(300)), longer = write_scenario("long.json", many_shards(3000));
  const auto [short_code, short_kb] = run_measured({"run", shorter.string(), "-q", "--out", (dir / "short").string()});
  // Ten times longer under a budget that 3 000 windows of 100 shards held whole (190 MB of rows) exceed.
  const auto [long_code, long_kb] =
      run_measured({"run", longer.string(), "-q", "--memory-limit-mb", "160", "--out", (dir / "long").string()});
  ASSERT_EQ(short_code, 0);
  ASSERT_EQ(long_code, 0) << "accepted: the windows are not held";
  EXPECT_LT(long_kb - short_kb, 8 * 1024) << short_kb << " KiB for 300 s, " << long_kb << " KiB for 3 000 s";
  // Every window of every shard is in the time series, and adds up to the summary.
  std::ifstream csv(dir / "long" / "timeseries.csv");
  std::string line;
  size_t rows = 0;
  double commands = 0.0;
  while (std::getline(csv, line)) {
    if (line.find(",shard_commands,shard=") == std::string::npos) continue;
    ++rows;
    commands += std::stod(line.substr(line.rfind(",", line.rfind(",") - 1) + 1));
  }
  EXPECT_EQ(rows, 100u * 3000u);
  const auto summary = nlohmann::json::parse(read_file(dir / "long" / "summary.json"));
  double summed = 0.0;
  for (const auto& [shard, block] : summary["cache"]["shards"].items()) summed += block["commands"].get<double>();
  EXPECT_EQ(commands, summed);
  EXPECT_GT(summed, 3000 * 20 * 0.9);
  fs::remove_all(scratch_dir());
}

TEST(CliResources, ADiskFillingWithTheMetricWindowsExits73AndLeavesNothing) {
  const fs::path dir = scratch_dir() / "spill";
  fs::create_directories(dir);
  const fs::path scenario = write_scenario("long.json", many_shards(3000));
  // 4 096 blocks (2 MiB): the windows of 100 shards outgrow it within a few hundred seconds.
  const auto full = run_with_file_limit("run " + scenario.string() + " -q --out " + (dir / "out").string(), 4096);
  EXPECT_EQ(full.exit_code, 73) << full.stderr_text;
  EXPECT_NE(full.stderr_text.find("cannot keep the metric windows in " + dir.string()), std::string::npos)
      << full.stderr_text;
  EXPECT_TRUE(entries(dir).empty()) << "no staging directory, no lock file, no spill";
  fs::remove_all(scratch_dir());
}

}  // namespace
}  // namespace cachestorm
