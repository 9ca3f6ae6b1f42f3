// Runs replications 0..N-1 of one scenario, each in its own child process (SimGrid allows one
// engine per process), at most `jobs` at a time, and gathers each one's summary, time series and
// state changes in replication order, so the outputs are byte-identical for any number of jobs.
// Replication r draws from the random streams of (seed, r): replications are independent, and two
// scenarios run with the same seed compare on common random numbers.
//
// Every child saves its finished replication in the run's ReplicationStore before it exits;
// replications already in the store (an earlier, interrupted run of the same command) are taken
// from it and not simulated again. A stop request (the flag `control` polls) is forwarded to the
// running children; replications not complete are left out. Each child dies with this process
// (PR_SET_PDEATHSIG), so a killed run leaves nothing running. A scenario's key tables (popularity,
// hash slots) are built here once, before its first child is forked, and shared by its children
// (copy on write); this process frees them once its last child is forked.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario.hpp"
#include "run/replication_store.hpp"
#include "run/simulate.hpp"

namespace cachestorm::run {

struct ReplicationResults {
  std::vector<uint32_t> indices;          // of the complete replications, ascending
  std::vector<nlohmann::json> summaries;  // theirs, in that order
  std::vector<std::filesystem::path> timeseries;  // their time series' files in the store
  std::vector<std::string> events;        // events.jsonl lines, each naming its replication
  uint32_t resumed = 0;                   // taken from the store, not simulated by this run
  std::string status = "complete";        // else the status of the first replication that was not
  bool failed = false;                    // a child died or could not report: an internal error
  bool cannot_write = false;              // a child could not save its replication (disk full, ...)
};

// Where the replications stand, for progress reports: `done` of `total` finished (resumed ones
// included), and the simulated seconds of those running (summed over them).
struct ReplicationProgress {
  uint32_t done = 0, resumed = 0, total = 0;
  double running_simulated_s = 0.0;
};

// One simulation to run: replication `replication` of a scenario (its streams: (seed,
// replication)), kept in the store at `slot`.
struct ReplicationTask {
  const models::Scenario* scenario;
  uint32_t replication;
  uint32_t slot;
  run::RunControl control;  // its on_progress is replaced; should_stop is polled in the child
};

// How a task ended: taken from the store (resumed), saved by its child, or not ("status").
struct TaskOutcome {
  static constexpr int kNotRunCode = -2;
  bool resumed = false;
  int exit_code = kNotRunCode;
  std::string status = "complete";  // else "interrupted", "failed", "cannot_write", "stopped_at_in_flight_limit"
  std::optional<StoredReplication> saved;
};

// Runs the tasks not already in the store, at most `jobs` at a time, each in its own child, in
// task order; stops starting tasks when should_stop() says so and forwards the stop to the
// running ones. REQUIRES: slots distinct, jobs >= 1, no SimGrid engine in this process yet.
std::vector<TaskOutcome> run_tasks(const std::vector<ReplicationTask>& tasks, uint32_t jobs,
                                   const ReplicationStore& store, const std::function<bool()>& should_stop,
                                   const std::function<void(const ReplicationProgress&)>& on_progress = {});

// The results of tasks [first, first + count), as run_replications gives them.
ReplicationResults gather(const std::vector<TaskOutcome>& outcomes, const std::vector<ReplicationTask>& tasks,
                          size_t first, size_t count);

// The exit code of replications that did not all complete: 73 (one could not be saved), 70 (one
// failed), 130 (interrupted) or 75 (stopped at the in-flight limit).
int incomplete_exit_code(const ReplicationResults& results);

// REQUIRES: replications >= 1, jobs >= 1, no SimGrid engine in this process yet.
// on_progress, if given, is called every 20 ms or so while replications run, and once at the end.
ReplicationResults run_replications(const models::Scenario& scenario, uint32_t replications, uint32_t jobs,
                                    const run::RunControl& control, const ReplicationStore& store,
                                    const std::function<void(const ReplicationProgress&)>& on_progress = {});

}  // namespace cachestorm::run
