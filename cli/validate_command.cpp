#include "cli/validate_command.hpp"

#include <cstdio>

#include "run/exit_codes.hpp"
#include "run/scenario_input.hpp"

namespace cachestorm::cli {

int validate_command(const ValidateOptions& options) {
  int status = kExitOk;
  for (const auto& file : options.files) {
    run::LoadedScenario loaded;
    if (const auto refusal = run::load_scenario({file, std::nullopt, options.overrides, options.memory_limit_mb}, loaded)) {
      std::fprintf(stderr, "cachestorm: %s\n", refusal->message.c_str());
      if (status == kExitOk) status = refusal->exit_code;
      continue;
    }
    const models::Scenario& scenario = loaded.scenario;
    if (options.print_resolved) {
      std::printf("%s\n", scenario.resolved.dump(2).c_str());
      continue;
    }
    std::printf("%s: ok (%s, %g s simulated, %zu faults)%s%s\n", file.c_str(), scenario.name.c_str(),
                scenario.duration_s, scenario.faults.size(), scenario.description.empty() ? "" : ": ",
                scenario.description.c_str());
  }
  return status;
}

}  // namespace cachestorm::cli
