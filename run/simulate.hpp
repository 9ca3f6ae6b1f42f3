// The run layer: one simulation run of a parsed scenario, in this process: builds the SimGrid platform, runs the
// request path under the engine and returns the collected metrics. SimGrid allows one Engine per
// process, so call simulate() at most once per process (tests: one TEST per process under ctest).
// simulate_without_engine() runs the same request path in one advance() with paths computed
// from the link configs, for checking that results do not depend on the engine's structure.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>

#include "analysis/run_report.hpp"
#include "models/request_plane.hpp"
#include "models/scenario.hpp"

namespace cachestorm::run {

struct RunResult {
  std::unique_ptr<models::MetricTable> metrics;  // every series the run declared, per window
  analysis::RunFacts facts;
  uint64_t requests = 0;          // requests the request path served (all of them, windows or not)
  uint64_t events = 0;            // events it processed (arrivals and calendar events)
  uint64_t served_at_send = 0;    // of those, commands a shard served ahead of the clock (GETs at their send)
  long rss_before_model_kb = 0;   // resident memory before the model's state was allocated
  long rss_after_run_kb = 0;
  uint64_t key_space_keys = 0;  // keys of the key space, resident or not
  models::EventLog state_changes;  // shards down and up, breakers opening and closing
};

struct RunControl {
  // Called at every simulated second and every 65 536 events (the callee limits its own rate).
  std::function<void(double t, uint64_t requests)> on_progress;
  // Polled as often: true stops the run at the last whole second it completed ("interrupted").
  std::function<bool()> should_stop;
  // Requests in flight the run may hold (models/memory_estimate.hpp); past it the run stops at the
  // last whole second it completed ("stopped_at_in_flight_limit").
  uint32_t max_in_flight = models::PlaneBounds{}.max_in_flight;
  // The first windows starting before this are kept in the time series but left out of the
  // statistics (totals, peaks, overall latency). REQUIRES: < the scenario's duration_s.
  double warmup_s = 0.0;
  // Where the metric windows a run no longer holds in memory go (an unlinked file in this
  // directory, run/file_spill.hpp); empty: kept in memory, compactly. A directory that cannot take
  // them throws SpillError.
  std::filesystem::path spill_dir;
  // Spans reported on their own beside the scenario's (analysis/report_windows.hpp): --window.
  // REQUIRES: no name the scenario's windows have.
  std::vector<analysis::ReportWindow> windows;
  // false: every GET travels as a message to its shard (models/cache/cache_cluster_at_send.cpp),
  // which changes no result, only the cost: for tests that check exactly that.
  bool serve_at_send = true;
};

RunResult simulate(const models::Scenario& scenario, uint64_t replication, const RunControl& control = {});
RunResult simulate_without_engine(const models::Scenario& scenario, uint64_t replication,
                                  const RunControl& control = {});

// Resident set size of this process in KiB (from /proc/self/statm).
long resident_kb();
// MemAvailable from /proc/meminfo in bytes (0 if unknown).
uint64_t available_memory_bytes();

}  // namespace cachestorm::run
