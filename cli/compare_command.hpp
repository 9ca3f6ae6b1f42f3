// `cachestorm compare` (the driver is run/compare.hpp; this parses and prints): runs named variants of a scenario on common random numbers and reports
// each metric's paired difference against the baseline (analysis/compare_report.hpp).
// Variants: one scenario and --variant 'name: a.b=1; c.d=2' groups of overrides (the scenario as
// given is the baseline), or several scenario files (the first is the baseline). Every variant
// runs with the baseline's seed and the same replications, so replication r of each variant
// sees the same arrivals and keys. Writes compare.csv, compare.json, scenarios.json and
// manifest.json through the same output rules as run.
#pragma once
#include "run/compare.hpp"

namespace cachestorm::cli {

using run::CompareOptions;

int compare_command(const CompareOptions& options);

}  // namespace cachestorm::cli
