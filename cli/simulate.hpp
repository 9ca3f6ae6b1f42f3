// One simulation run of a parsed scenario, in this process: builds the SimGrid platform, runs the
// request path under the engine and returns the collected metrics. SimGrid allows one Engine per
// process, so call simulate() at most once per process (tests: one TEST per process under ctest).
// simulate_without_engine() runs the same request path in one advance() with paths computed
// from the link configs, for checking that results do not depend on the engine's structure.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>

#include "analysis/run_collector.hpp"
#include "analysis/run_report.hpp"
#include "models/scenario.hpp"

namespace cachestorm::cli {

struct RunResult {
  std::unique_ptr<analysis::RunCollector> collector;
  analysis::RunFacts facts;
  uint64_t requests = 0;          // requests the request path served (all of them, windows or not)
  long rss_before_model_kb = 0;   // resident memory before the model's state was allocated
  long rss_after_run_kb = 0;
};

struct RunControl {
  std::function<void(double t, uint64_t requests)> on_progress;  // once per simulated second
  std::function<bool()> should_stop;                             // polled once per simulated second
};

RunResult simulate(const models::Scenario& scenario, uint64_t replication, const RunControl& control = {});
RunResult simulate_without_engine(const models::Scenario& scenario, uint64_t replication);

// Resident set size of this process in KiB (from /proc/self/statm).
long resident_kb();

}  // namespace cachestorm::cli
