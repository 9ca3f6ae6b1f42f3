// A named variant of a scenario on the command line (compare and plan): "NAME: a.b=1; c.d=2".
#pragma once
#include <stdexcept>
#include <string>

#include "run/scenario_input.hpp"

namespace cachestorm::run {

struct NamedRequest {
  std::string name;
  ScenarioRequest request;
};

// `base` with the variant's overrides after its own. Throws std::invalid_argument.
NamedRequest parse_variant(const std::string& text, const ScenarioRequest& base);

}  // namespace cachestorm::run
