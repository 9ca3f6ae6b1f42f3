// The plan driver: for each variant (the scenario as given is "baseline"), the smallest (or with
// `largest` the largest) value of one axis at which every assertion holds, by the search of
// run/plan_search.hpp with values judged by run/plan_judge.hpp. Publishes plan.json, plan.csv and
// manifest.json. Prints nothing.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "run/driver_hooks.hpp"
#include "run/plan_judge.hpp"
#include "run/plan_search.hpp"

namespace cachestorm::run {

struct PlanVariantOutcome {
  std::string name;
  SearchResult result;
  nlohmann::json headroom;  // capacity at the answer / the origin's busiest second, or null
};

struct PlanOutcome {
  std::string scenario_name, path, slo_text, out_dir;
  std::vector<PlanVariantOutcome> variants;  // baseline first
};

// "PATH=LOW:HIGH" -> the search's range (whole numbers when both ends are written as integers)
// and PATH. Throws std::invalid_argument.
SearchSpec parse_range(const std::string& text, const PlanOptions& options, std::string& path);

// Throws std::invalid_argument (kExitUsage) or Failure; then nothing is published.
PlanOutcome plan(const PlanOptions& options, const DriverHooks& hooks);

}  // namespace cachestorm::run
