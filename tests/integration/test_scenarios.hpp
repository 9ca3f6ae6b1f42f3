// Small scenarios for integration tests: zero network latency (so closed forms apply exactly)
// unless a test says otherwise, and a helper to parse them.
#pragma once
#include <nlohmann/json.hpp>

#include "models/scenario.hpp"

namespace cachestorm::testing {

// A topology whose links add no delay: client send time = cache arrival time = origin arrival.
inline nlohmann::json zero_latency_topology() {
  const nlohmann::json link = {{"latency_s", 0.0}, {"bandwidth_Bps", 1e300}};
  return {{"client_link", link}, {"app_link", link}, {"cache_link", link}, {"origin_link", link}};
}

inline models::Scenario scenario_from(nlohmann::json document) {
  if (!document.contains("topology")) document["topology"] = zero_latency_topology();
  return models::parse_scenario(document);
}

}  // namespace cachestorm::testing
