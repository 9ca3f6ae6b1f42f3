// `cachestorm compare`: runs named variants of a scenario on common random numbers and reports
// each metric's paired difference against the baseline (analysis/compare_report.hpp).
// Variants: one scenario and --variant 'name: a.b=1; c.d=2' groups of overrides (the scenario as
// given is the baseline), or several scenario files (the first is the baseline). Every variant
// runs with the baseline's seed and the same replications, so replication r of each variant
// sees the same arrivals and keys. Writes compare.csv, compare.json, scenarios.json and
// manifest.json through the same output rules as run.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cachestorm::cli {

struct CompareOptions {
  std::vector<std::string> files;
  std::vector<std::string> variants;       // "name: a.b=1; c.d=2" (with a single file)
  std::vector<std::string> overrides;      // --set, applied to every variant first
  std::optional<int64_t> seed;
  uint32_t replications = 5;
  uint32_t jobs = 1;
  double warmup_s = 0.0;
  std::vector<std::string> assertions;     // --assert, judged for every variant (as for run)
  std::optional<std::string> out_dir;      // default: results/compare-<baseline name>/seed-<seed>
  std::optional<uint64_t> memory_limit_mb;
  bool quiet = false;
  std::string progress = "auto";           // cli/progress.hpp
  std::vector<std::string> command_line;
};

int compare_command(const CompareOptions& options);

}  // namespace cachestorm::cli
