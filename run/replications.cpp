#include "run/replications.hpp"

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
#include "models/request_plane.hpp"
#include "run/exit_codes.hpp"
#include "run/file_spill.hpp"
#include "run/output_dir.hpp"

namespace cachestorm::run {
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

// In the child: simulates the task's replication, saves it in the store (at its slot) if it
// completed, and exits with a code that says how the replication ended.
[[noreturn]] void run_child(const ReplicationTask& task, uint32_t index, const ReplicationStore& store,
                            SharedClocks& clocks) {
  int code = kExitInternal;
  const uint32_t r = task.replication;
  try {
    run::RunControl child = task.control;
    child.on_progress = [&clocks, index](double t, uint64_t) { clocks.set(index, t); };
    const run::RunResult result = run::simulate(*task.scenario, r, child);
    code = result.facts.status == "complete"      ? kExitOk
           : result.facts.status == "interrupted" ? kExitInterrupted
                                                  : kExitInFlightLimit;
    if (code == kExitOk)
      store.save(task.slot, {analysis::summary_json(*result.metrics, result.facts).dump(),
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

std::vector<TaskOutcome> run_tasks(const std::vector<ReplicationTask>& tasks, uint32_t jobs,
                                   const ReplicationStore& store, const std::function<bool()>& should_stop,
                                   const std::function<void(const ReplicationProgress&)>& on_progress) {
  std::vector<TaskOutcome> outcomes(tasks.size());
  std::vector<uint32_t> to_run;
  for (uint32_t i = 0; i < tasks.size(); ++i) {
    outcomes[i].saved = store.load(tasks[i].slot);
    outcomes[i].resumed = outcomes[i].saved.has_value();
    if (!outcomes[i].resumed) to_run.push_back(i);
  }
  const auto total = static_cast<uint32_t>(tasks.size());
  SharedClocks clocks(total);
  ReplicationProgress progress{total - static_cast<uint32_t>(to_run.size()), total - static_cast<uint32_t>(to_run.size()),
                               total};
  std::map<pid_t, uint32_t> running;  // child -> task
  std::map<const models::Scenario*, size_t> last_fork;  // scenario -> its last task's place in to_run
  for (size_t i = 0; i < to_run.size(); ++i) last_fork[tasks[to_run[i]].scenario] = i;
  size_t next = 0;
  bool forwarded = false;
  const pid_t parent = getpid();
  while (next < to_run.size() || !running.empty()) {
    const bool stopping = should_stop && should_stop();
    while (!stopping && next < to_run.size() && running.size() < jobs) {
      const models::Scenario& scenario = *tasks[to_run[next]].scenario;
      models::prepare_shared_tables(scenario);  // built once here, shared by the children
      const pid_t child = fork();
      if (child == 0) {
        follow_parent(parent);
        run_child(tasks[to_run[next]], to_run[next], store, clocks);
      }
      if (child < 0) break;
      if (last_fork[&scenario] == next) models::release_shared_tables(scenario);
      running[child] = to_run[next++];
    }
    if (stopping && !forwarded) {
      for (const auto& [pid, task] : running) kill(pid, SIGINT);
      forwarded = true;
    }
    int wait_status = 0;
    const pid_t done = waitpid(-1, &wait_status, WNOHANG);
    if (done > 0) {
      const int code = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
      outcomes[running[done]].exit_code = code;
      running.erase(done);
      progress.done += code == kExitOk ? 1 : 0;
    } else if (done == 0 || errno == EINTR) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } else {
      break;  // no children left to wait for
    }
    progress.running_simulated_s = 0.0;
    for (const auto& [pid, task] : running) progress.running_simulated_s += clocks.get(task);
    if (on_progress) on_progress(progress);
    if (stopping && running.empty()) break;
  }
  for (const auto& [scenario, last] : last_fork) models::release_shared_tables(*scenario);
  for (TaskOutcome& outcome : outcomes) {
    if (outcome.resumed) continue;
    if (outcome.exit_code == kExitOk) {
      outcome.saved = store.load(tasks[&outcome - outcomes.data()].slot);
      if (!outcome.saved) outcome.status = "failed";  // the child said it finished but left no readable replication
    } else {
      outcome.status = outcome.exit_code == TaskOutcome::kNotRunCode ? "interrupted" : status_of(outcome.exit_code);
    }
  }
  return outcomes;
}

ReplicationResults gather(const std::vector<TaskOutcome>& outcomes, const std::vector<ReplicationTask>& tasks,
                          size_t first, size_t count) {
  ReplicationResults results;
  for (size_t i = first; i < first + count; ++i) {
    const TaskOutcome& outcome = outcomes[i];
    results.resumed += outcome.resumed ? 1 : 0;
    if (!outcome.saved) {
      if (results.status == "complete") {
        results.status = outcome.status;
        results.failed = results.failed || results.status == "failed";
        results.cannot_write = results.status == "cannot_write";
      }
      continue;
    }
    results.indices.push_back(tasks[i].replication);
    results.summaries.push_back(nlohmann::json::parse(outcome.saved->summary_json));
    results.timeseries.push_back(outcome.saved->timeseries_csv);
    results.events.push_back(outcome.saved->events_jsonl);
  }
  return results;
}

int incomplete_exit_code(const ReplicationResults& results) {
  if (results.cannot_write) return kExitCannotWrite;
  if (results.failed) return kExitInternal;
  return results.status == "interrupted" ? kExitInterrupted : kExitInFlightLimit;
}

ReplicationResults run_replications(const models::Scenario& scenario, uint32_t replications, uint32_t jobs,
                                    const run::RunControl& control, const ReplicationStore& store,
                                    const std::function<void(const ReplicationProgress&)>& on_progress) {
  std::vector<ReplicationTask> tasks;
  for (uint32_t r = 0; r < replications; ++r) tasks.push_back({&scenario, r, r, control});
  return gather(run_tasks(tasks, jobs, store, control.should_stop, on_progress), tasks, 0, tasks.size());
}

}  // namespace cachestorm::run
