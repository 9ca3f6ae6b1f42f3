// Two processes on one output, and a killed run's children: the cases of the reliability report.
// Concurrent replicated runs to one --out once published one seed's scenario with the other's
// replications (exit 0); now one claims the output and the other is refused (73) before it
// simulates, so whatever is published is byte-identical to a run of one seed alone.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli_helpers.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::scratch_dir;
using testing::write_scenario;

// Six replications of 30 s each: about 1.5 s of wall time with two jobs, long enough to overlap.
const char* kSmall = R"({"name": "conc", "duration_s": 30,
  "workload": {"arrivals": {"type": "poisson", "rate_per_s": 20000},
               "key_classes": [{"keys": {"type": "zipf", "count": 10000}, "ttl_s": 5}]},
  "origin": {"connections": 16}})";

const char* kResultFiles[] = {"scenario.json", "summary.json", "summary.csv", "replications.csv", "timeseries.csv",
                              "events.jsonl"};

// Starts both commands at once in one shell and returns their exit codes.
std::pair<int, int> run_together(const std::string& a, const std::string& b, const fs::path& dir) {
  const std::string script = "(" + a + " 2>" + (dir / "a.err").string() + "; echo $? >" + (dir / "a.rc").string() +
                             ") & (" + b + " 2>" + (dir / "b.err").string() + "; echo $? >" + (dir / "b.rc").string() +
                             ") & wait";
  std::system(("timeout -s KILL 120 sh -c '" + script + "'").c_str());
  return {std::stoi(read_file(dir / "a.rc")), std::stoi(read_file(dir / "b.rc"))};
}

void expect_refused_or_ok(int code, const fs::path& err) {
  EXPECT_TRUE(code == 0 || code == 73) << code << ": " << read_file(err);
  if (code == 73) {
    EXPECT_NE(read_file(err).find("another cachestorm run (pid "), std::string::npos) << read_file(err);
  }
}

TEST(CliConcurrency, TwoReplicatedRunsToOneOutputPublishOneWholeResultNeverAMix) {
  const fs::path dir = scratch_dir() / "concurrent";
  fs::create_directories(dir);
  const fs::path scenario = write_scenario("conc.json", kSmall);
  const std::string base = std::string(CACHESTORM_BINARY) + " run " + scenario.string() + " -q --replications 6 -j 2";
  for (const int seed : {1, 2})  // each seed alone: what a published result must equal
    ASSERT_EQ(run_cli("run " + scenario.string() + " -q --replications 6 -j 2 --seed " + std::to_string(seed) +
                      " --out " + (dir / ("alone-" + std::to_string(seed))).string()).exit_code, 0);
  int refusals = 0;
  for (int round = 0; round < 5; ++round) {
    const fs::path out = dir / "shared";
    const bool same_seed = round == 4;
    const auto [a, b] = run_together(base + " --seed 1 --out " + out.string(),
                                     base + " --seed " + (same_seed ? "1" : "2") + " --out " + out.string(), dir);
    expect_refused_or_ok(a, dir / "a.err");
    expect_refused_or_ok(b, dir / "b.err");
    ASSERT_TRUE(a == 0 || b == 0) << "one of them publishes";
    refusals += (a == 73) + (b == 73);
    const auto manifest = nlohmann::json::parse(read_file(out / "manifest.json"));
    const fs::path alone = dir / ("alone-" + std::to_string(manifest["seed"].get<int>()));
    for (const char* name : kResultFiles)
      EXPECT_EQ(read_file(out / name), read_file(alone / name)) << name << " in round " << round;
    std::vector<std::string> left;
    for (const auto& entry : fs::directory_iterator(dir)) left.push_back(entry.path().filename().string());
    std::sort(left.begin(), left.end());
    EXPECT_EQ(left, (std::vector<std::string>{"a.err", "a.rc", "alone-1", "alone-2", "b.err", "b.rc", "shared"}))
        << "no store, staging directory or lock file left behind";
  }
  EXPECT_GE(refusals, 4) << "started together, the runs overlapped: one must have been refused most rounds";
  fs::remove_all(scratch_dir());
}

// The pids of `parent`'s children (from /proc).
std::vector<pid_t> children_of(pid_t parent) {
  std::vector<pid_t> found;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string pid, comm, state;
    pid_t ppid = 0;
    if (stat >> pid >> comm >> state >> ppid && ppid == parent) found.push_back(std::stoi(pid));
  }
  return found;
}

// True while `pid` exists and is not a zombie.
bool alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string id, comm, state;
  return static_cast<bool>(stat >> id >> comm >> state) && state != "Z" && state != "X";
}

TEST(CliConcurrency, ChildrenOfAKilledReplicatedRunDieWithIt) {
  const fs::path scenario = write_scenario("endless.json", testing::kEndless);
  const fs::path out = scratch_dir() / "killed";
  const pid_t run = fork();
  if (run == 0) {
    execl(CACHESTORM_BINARY, CACHESTORM_BINARY, "run", scenario.c_str(), "-q", "--replications", "4", "-j", "2",
          "--out", out.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  std::vector<pid_t> children;
  for (int i = 0; i < 200 && children.size() < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    children = children_of(run);
  }
  ASSERT_EQ(children.size(), 2u) << "two replications running";
  kill(run, SIGKILL);
  waitpid(run, nullptr, 0);
  bool any_alive = true;
  for (int i = 0; i < 100 && any_alive; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    any_alive = alive(children[0]) || alive(children[1]);
  }
  EXPECT_FALSE(any_alive) << "a replication of a killed run is still running";
  for (const pid_t child : children)
    if (alive(child)) kill(child, SIGKILL);
  // The killed run's lock is released with it: the same command runs again at once (and is
  // stopped here, having proved it was let in).
  const auto again = run_cli("run " + scenario.string() + " -q --replications 4 -j 2 --out " + out.string(), 2);
  EXPECT_EQ(again.exit_code, -1) << again.stderr_text;
  fs::remove_all(scratch_dir());
}

}  // namespace
}  // namespace cachestorm
