#include "cli/scenario_input.hpp"

#include <algorithm>
#include <cstdio>

#include "cli/exit_codes.hpp"
#include "cli/scenario_file.hpp"
#include "models/memory_estimate.hpp"
#include "run/simulate.hpp"
#include "sim/config_reader.hpp"
#include "sim/json_overrides.hpp"
#include "sim/json_text.hpp"

namespace cachestorm::cli {
namespace {

// A run must be able to hold at least this many requests in flight to be worth starting.
constexpr uint32_t kMinInFlight = 10000;

// The memory a run may use: --memory-limit-mb, else 90 % of what the machine has available.
uint64_t memory_budget(const ScenarioRequest& request) {
  const uint64_t total = request.memory_limit_mb ? *request.memory_limit_mb << 20 : run::available_memory_bytes() / 10 * 9;
  return total / std::max<uint32_t>(request.jobs, 1);
}

// Refuses a scenario whose key space cannot fit the budget, naming the key to change; else sets
// the bound on requests in flight that the rest of the budget allows.
std::optional<Refusal> check_memory(const ScenarioRequest& request, LoadedScenario& loaded) {
  const uint64_t budget = memory_budget(request);
  const models::MemoryEstimate estimate = models::estimate_memory(loaded.scenario);
  loaded.in_flight_limit = models::in_flight_bound(estimate, budget);
  if (loaded.in_flight_limit >= kMinInFlight) return std::nullopt;
  char text[640];
  std::snprintf(text, sizeof text,
                "invalid scenario %s: workload.key_classes: %llu keys need about %s (%.0f B per key) beside %s for "
                "the engine, more than the %s this run may use (%s); lower the key classes' keys.count",
                request.path.c_str(), static_cast<unsigned long long>(estimate.keys),
                models::human_bytes(static_cast<double>(estimate.key_space_bytes)).c_str(), estimate.bytes_per_key,
                models::human_bytes(static_cast<double>(models::MemoryEstimate::kFixedBytes)).c_str(),
                models::human_bytes(static_cast<double>(budget)).c_str(),
                request.memory_limit_mb ? "--memory-limit-mb" : "90 % of the memory available; see --memory-limit-mb");
  return Refusal{kExitBadScenario, text};
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

}  // namespace cachestorm::cli
