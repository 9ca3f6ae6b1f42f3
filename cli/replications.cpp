#include "cli/replications.hpp"

#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <map>
#include <thread>

#include "analysis/event_report.hpp"
#include "analysis/run_report.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output_dir.hpp"
#include "run/file_spill.hpp"

namespace cachestorm::cli {
namespace {

// The simulated time each replication has reached, shared with the children (written by the
// child of replication r only): what progress reports read while they run.
class SharedClocks {
 public:
  explicit SharedClocks(uint32_t count) : count_(count) {
    void* memory = ::mmap(nullptr, bytes(), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    clocks_ = memory == MAP_FAILED ? nullptr : static_cast<std::atomic<double>*>(memory);
    for (uint32_t r = 0; clocks_ != nullptr && r < count_; ++r) new (&clocks_[r]) std::atomic<double>(0.0);
  }
  ~SharedClocks() {
    if (clocks_ != nullptr) ::munmap(clocks_, bytes());
  }
  SharedClocks(const SharedClocks&) = delete;
  SharedClocks& operator=(const SharedClocks&) = delete;
  void set(uint32_t r, double t) {
    if (clocks_ != nullptr) clocks_[r].store(t, std::memory_order_relaxed);
  }
  double get(uint32_t r) const { return clocks_ != nullptr ? clocks_[r].load(std::memory_order_relaxed) : 0.0; }

 private:
  size_t bytes() const { return sizeof(std::atomic<double>) * (count_ == 0 ? 1 : count_); }
  uint32_t count_;
  std::atomic<double>* clocks_ = nullptr;
};
static_assert(std::atomic<double>::is_always_lock_free, "progress clocks are shared between processes");

// In the child: simulates replication r, saves it in the store if it completed, and exits with a
// code that says how the replication ended.
[[noreturn]] void run_child(const models::Scenario& scenario, uint32_t r, const run::RunControl& control,
                            const ReplicationStore& store, SharedClocks& clocks) {
  int code = kExitInternal;
  try {
    run::RunControl child = control;
    child.on_progress = [&clocks, r](double t, uint64_t) { clocks.set(r, t); };
    const run::RunResult result = run::simulate(scenario, r, child);
    code = result.facts.status == "complete"      ? kExitOk
           : result.facts.status == "interrupted" ? kExitInterrupted
                                                  : kExitInFlightLimit;
    if (code == kExitOk)
      store.save(r, {analysis::summary_json(*result.metrics, result.facts).dump(),
                     [&result](const analysis::TextSink& out) { analysis::write_timeseries_csv(*result.metrics, out); },
                     analysis::events_jsonl(result.state_changes, r)});
  } catch (const OutputError& error) {
    std::fprintf(stderr, "cachestorm: replication %u: %s\n", r, error.what());
    code = kExitCannotWrite;
  } catch (const run::SpillError& error) {
    std::fprintf(stderr, "cachestorm: replication %u: %s\n", r, error.what());
    code = kExitCannotWrite;
  } catch (...) {
    code = kExitInternal;
  }
  _exit(code);
}

// The status a replication's exit code stands for.
const char* status_of(int code) {
  if (code == kExitInterrupted) return "interrupted";
  if (code == kExitInFlightLimit) return "stopped_at_in_flight_limit";
  if (code == kExitCannotWrite) return "cannot_write";
  return "failed";
}

// In a child just forked: dies with its parent (a killed run leaves no replication running on).
void follow_parent(pid_t parent) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(kExitInterrupted);  // the parent died before the line above
}

}  // namespace

ReplicationResults run_replications(const models::Scenario& scenario, uint32_t replications, uint32_t jobs,
                                    const run::RunControl& control, const ReplicationStore& store,
                                    const std::function<void(const ReplicationProgress&)>& on_progress) {
  std::map<uint32_t, StoredReplication> saved;  // replication -> what the store holds of it
  std::vector<uint32_t> to_run;
  for (uint32_t r = 0; r < replications; ++r) {
    if (auto found = store.load(r)) {
      saved.emplace(r, std::move(*found));
    } else {
      to_run.push_back(r);
    }
  }
  SharedClocks clocks(replications);
  ReplicationProgress progress{static_cast<uint32_t>(saved.size()), static_cast<uint32_t>(saved.size()), replications};
  std::map<pid_t, uint32_t> running;
  std::map<uint32_t, int> ended;  // replication -> exit code (-1: killed by a signal)
  size_t next = 0;
  bool forwarded = false;
  const pid_t parent = getpid();
  while (next < to_run.size() || !running.empty()) {
    const bool stopping = control.should_stop && control.should_stop();
    while (!stopping && next < to_run.size() && running.size() < jobs) {
      const pid_t child = fork();
      if (child == 0) {
        follow_parent(parent);
        run_child(scenario, to_run[next], control, store, clocks);
      }
      if (child < 0) break;
      running[child] = to_run[next++];
    }
    if (stopping && !forwarded) {
      for (const auto& [pid, r] : running) kill(pid, SIGINT);
      forwarded = true;
    }
    int wait_status = 0;
    const pid_t done = waitpid(-1, &wait_status, WNOHANG);
    if (done > 0) {
      const int code = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
      ended[running[done]] = code;
      running.erase(done);
      progress.done += code == kExitOk ? 1 : 0;
    } else if (done == 0 || errno == EINTR) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } else {
      break;  // no children left to wait for
    }
    progress.running_simulated_s = 0.0;
    for (const auto& [pid, r] : running) progress.running_simulated_s += clocks.get(r);
    if (on_progress) on_progress(progress);
    if (stopping && running.empty()) break;
  }
  ReplicationResults results;
  results.resumed = static_cast<uint32_t>(saved.size());
  for (uint32_t r = 0; r < replications; ++r) {
    auto found = saved.find(r);
    if (found == saved.end()) {
      const auto code = ended.find(r);
      if (code != ended.end() && code->second == kExitOk) {
        if (auto loaded = store.load(r)) found = saved.emplace(r, std::move(*loaded)).first;
        else results.failed = true;  // the child said it finished but left no readable replication
      } else if (results.status == "complete") {
        results.status = code == ended.end() ? "interrupted" : status_of(code->second);
        results.failed = results.failed || results.status == "failed";
        results.cannot_write = results.status == "cannot_write";
      }
    }
    if (found == saved.end()) continue;
    results.indices.push_back(r);
    results.summaries.push_back(nlohmann::json::parse(found->second.summary_json));
    results.timeseries.push_back(found->second.timeseries_csv);
    results.events.push_back(std::move(found->second.events_jsonl));
  }
  return results;
}

}  // namespace cachestorm::cli
