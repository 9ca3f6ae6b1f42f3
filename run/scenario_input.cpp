#include "run/scenario_input.hpp"

#include <algorithm>
#include <cstdio>

#include "models/memory_estimate.hpp"
#include "run/exit_codes.hpp"
#include "run/memory_budget.hpp"
#include "run/scenario_file.hpp"
#include "run/simulate.hpp"
#include "sim/config_reader.hpp"
#include "sim/json_overrides.hpp"
#include "sim/json_text.hpp"

namespace cachestorm::run {
namespace {

// A run must be able to hold at least this many requests in flight to be worth starting.
constexpr uint32_t kMinInFlight = 10000;

// The memory a run may use, shared by its jobs: --memory-limit-mb, else 90 % of the room the
// process has (run/memory_budget.hpp: available memory, ulimit -v, the control group's limit).
struct Budget {
  uint64_t bytes;
  std::string source;  // for messages
};

Budget memory_budget(const ScenarioRequest& request) {
  const uint32_t jobs = std::max<uint32_t>(request.jobs, 1);
  if (request.memory_limit_mb) return {(*request.memory_limit_mb << 20) / jobs, "--memory-limit-mb"};
  const run::MemoryRoom room = run::memory_room();
  return {room.bytes / 10 * 9 / jobs, "90 % of " + room.limited_by + "; see --memory-limit-mb"};
}

// Refuses a scenario that cannot fit the budget, naming the key that makes it large; else sets
// the bound on requests in flight that the rest of the budget allows.
std::optional<Refusal> check_memory(const ScenarioRequest& request, LoadedScenario& loaded) {
  const Budget budget = memory_budget(request);
  const models::MemoryEstimate estimate = models::estimate_memory(loaded.scenario);
  loaded.in_flight_limit = models::in_flight_bound(estimate, budget.bytes);
  if (loaded.in_flight_limit >= kMinInFlight) return std::nullopt;
  std::string message = "invalid scenario " + request.path + ": " + estimate.largest_path() + ": the scenario needs about " +
                        models::human_bytes(static_cast<double>(estimate.static_bytes())) + " (" + estimate.describe() +
                        ", " + models::human_bytes(static_cast<double>(models::MemoryEstimate::kFixedBytes)) +
                        " for the engine) and room for requests in flight, more than the " +
                        models::human_bytes(static_cast<double>(budget.bytes)) + " this run may use (" + budget.source +
                        "); lower " + estimate.largest_path();
  return Refusal{kExitBadScenario, message};
}

}  // namespace

std::optional<Refusal> load_scenario(const ScenarioRequest& request, LoadedScenario& loaded) {
  try {
    nlohmann::json document = sim::parse_json_text(read_scenario_file(request.path), "(document)");
    for (const auto& assignment : request.overrides) sim::apply_override(document, assignment);
    loaded.scenario = models::parse_scenario(document, request.seed);
  } catch (const UnreadableScenario& error) {
    return Refusal{kExitNoInput, std::string("cannot read scenario ").append(error.what())};
  } catch (const OversizedScenario& error) {
    return Refusal{kExitBadScenario, std::string("invalid scenario ").append(error.what())};
  } catch (const sim::ConfigError& error) {
    std::string message = "invalid scenario ";
    message.append(request.path).append(request.overrides.empty() ? "" : " (with its --set overrides)");
    return Refusal{kExitBadScenario, message.append(": ").append(error.what())};
  }
  return check_memory(request, loaded);
}

}  // namespace cachestorm::run
