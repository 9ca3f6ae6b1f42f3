// The compare driver: runs named variants of a scenario on common random numbers and gives each
// metric's value per variant and its paired difference against the baseline
// (analysis/compare_report.hpp). Variants: one scenario and "name: a.b=1; c.d=2" groups of
// overrides (the scenario as given is the baseline), or several scenario files (the first is the
// baseline). Every variant runs with the baseline's seed and the same replications, so
// replication r of each variant sees the same arrivals and keys. Each variant keeps its finished
// replications in a store of its own beside the output (an interrupted compare resumes).
// Publishes compare.csv, compare.json, scenarios.json, manifest.json and each variant's
// timeseries-<i>-<name>.csv. Prints nothing.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/assertions.hpp"
#include "analysis/compare_report.hpp"
#include "run/driver_hooks.hpp"

namespace cachestorm::run {

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

struct CompareOutcome {
  std::vector<std::string> names;                 // baseline first
  std::vector<analysis::Difference> differences;  // every metric of every variant against the baseline
  std::vector<std::vector<analysis::AssertionResult>> verdicts;  // per variant, the --assert judged
  std::string out_dir;
};

// Throws std::invalid_argument (kExitUsage, e.g. an unknown assertion metric) or Failure; then
// nothing is published. Assertions that fail are verdicts, not failures.
CompareOutcome compare(const CompareOptions& options, const DriverHooks& hooks);

}  // namespace cachestorm::run
