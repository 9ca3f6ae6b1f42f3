// Everything between a scenario path on the command line and a scenario ready to run, shared by
// `run` and `validate`: read the file (bounded), apply --set overrides, parse and check it, and
// check it against the memory budget. Failures come back as a refusal (exit code and message);
// nothing here prints or writes.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario.hpp"

namespace cachestorm::run {

struct ScenarioRequest {
  std::string path;
  std::optional<int64_t> seed;              // replaces the scenario's "seed"
  std::vector<std::string> overrides;       // "a.b.c=value", applied in order before parsing
  std::optional<uint64_t> memory_limit_mb;  // default: 90 % of the memory available
  uint32_t jobs = 1;                        // simulations at once: each gets 1 / jobs of the budget
};

struct Refusal {
  int exit_code;        // kExitNoInput or kExitBadScenario
  std::string message;  // one line, without "cachestorm: "
};

struct LoadedScenario {
  models::Scenario scenario;
  uint32_t in_flight_limit = 0;  // from the memory budget (models/memory_estimate.hpp)
};

// Loads the scenario into `loaded`, or returns why it cannot run.
std::optional<Refusal> load_scenario(const ScenarioRequest& request, LoadedScenario& loaded);

}  // namespace cachestorm::run
