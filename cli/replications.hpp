// Runs replications 0..N-1 of one scenario, each in its own child process (SimGrid allows one
// engine per process), at most `jobs` at a time, and gathers each one's summary and time series
// in replication order, so the outputs are byte-identical for any number of jobs. Replication r
// draws from the random streams of (seed, r): replications are independent, and two scenarios
// run with the same seed compare on common random numbers. A stop request (the flag `control`
// polls) is forwarded to the running children; replications not complete are left out.
#pragma once
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/scenario.hpp"
#include "run/simulate.hpp"

namespace cachestorm::cli {

struct ReplicationResults {
  std::vector<nlohmann::json> summaries;  // of the complete replications, in replication order
  std::vector<std::string> timeseries;
  std::string status = "complete";        // else the status of the first replication that was not
  bool failed = false;                    // a child died or could not report: an internal error
};

// REQUIRES: replications >= 1, jobs >= 1, no SimGrid engine in this process yet.
// on_done, if given, is called as each replication ends (done so far, total).
ReplicationResults run_replications(const models::Scenario& scenario, uint32_t replications, uint32_t jobs,
                                    const run::RunControl& control,
                                    const std::function<void(uint32_t done, uint32_t total)>& on_done = {});

}  // namespace cachestorm::cli
