#include "cli/replications.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "analysis/run_report.hpp"
#include "cli/exit_codes.hpp"

namespace fs = std::filesystem;

namespace cachestorm::cli {
namespace {

// In the child: simulates replication r, writes its summary and time series into `scratch`, and
// exits with a code that says how the replication ended.
[[noreturn]] void run_child(const models::Scenario& scenario, uint32_t r, const run::RunControl& control,
                            const fs::path& scratch) {
  int code = kExitInternal;
  try {
    run::RunControl quiet = control;
    quiet.on_progress = nullptr;
    const run::RunResult result = run::simulate(scenario, r, quiet);
    std::ofstream(scratch / (std::to_string(r) + ".summary.json"))
        << analysis::summary_json(*result.metrics, result.facts).dump();
    std::ofstream(scratch / (std::to_string(r) + ".timeseries.csv")) << analysis::timeseries_csv(*result.metrics);
    code = result.facts.status == "complete" ? kExitOk
           : result.facts.status == "interrupted" ? kExitInterrupted
                                                  : kExitInFlightLimit;
  } catch (...) {
    code = kExitInternal;
  }
  _exit(code);
}

std::string read_text(const fs::path& path) {
  std::stringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

}  // namespace

ReplicationResults run_replications(const models::Scenario& scenario, uint32_t replications, uint32_t jobs,
                                    const run::RunControl& control,
                                    const std::function<void(uint32_t done, uint32_t total)>& on_done) {
  const fs::path scratch = fs::temp_directory_path() / ("cachestorm-replications-" + std::to_string(getpid()));
  fs::remove_all(scratch);
  fs::create_directories(scratch);
  std::map<pid_t, uint32_t> running;
  std::map<uint32_t, int> ended;  // replication -> exit code (-1: killed by a signal)
  uint32_t next = 0;
  bool forwarded = false;
  while (next < replications || !running.empty()) {
    const bool stopping = control.should_stop && control.should_stop();
    while (!stopping && next < replications && running.size() < jobs) {
      const pid_t child = fork();
      if (child == 0) run_child(scenario, next, control, scratch);
      if (child < 0) break;
      running[child] = next++;
    }
    if (stopping && !forwarded) {
      for (const auto& [pid, r] : running) kill(pid, SIGINT);
      forwarded = true;
    }
    int wait_status = 0;
    const pid_t done = waitpid(-1, &wait_status, WNOHANG);
    if (done > 0) {
      ended[running[done]] = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
      running.erase(done);
      if (on_done) on_done(static_cast<uint32_t>(ended.size()), replications);
    } else if (done == 0 || errno == EINTR) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } else {
      break;  // no children left to wait for
    }
    if (stopping && running.empty()) break;
  }
  ReplicationResults results;
  for (uint32_t r = 0; r < replications; ++r) {
    const auto found = ended.find(r);
    const int code = found == ended.end() ? kExitInterrupted : found->second;
    if (code == kExitOk) {
      const auto summary = nlohmann::json::parse(read_text(scratch / (std::to_string(r) + ".summary.json")), nullptr, false);
      if (summary.is_discarded()) {
        results.failed = true;  // the child said it finished but left no readable summary
        continue;
      }
      results.summaries.push_back(summary);
      results.timeseries.push_back(read_text(scratch / (std::to_string(r) + ".timeseries.csv")));
      continue;
    }
    if (results.status != "complete") continue;
    if (code == kExitInterrupted) {
      results.status = "interrupted";
    } else if (code == kExitInFlightLimit) {
      results.status = "stopped_at_in_flight_limit";
    } else {
      results.status = "failed";
      results.failed = true;
    }
  }
  fs::remove_all(scratch);
  return results;
}

}  // namespace cachestorm::cli
