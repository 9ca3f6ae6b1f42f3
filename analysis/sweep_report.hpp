// The files of a sweep, from each point's replicated metrics: sweep.csv, tidy (one row per point
// and metric: point, one column per axis, metric, mean, sd, n, ci_low, ci_high, unit) and
// sweep.json (the sweep's identity and, per point, its axis values and metrics). Both depend on
// the points' results alone, in point order, so the merge of a sweep run in shards is byte for
// byte the sweep run whole. Text only.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace cachestorm::analysis {

struct SweepPointResult {
  size_t point = 0;
  std::vector<nlohmann::json> values;  // one per axis
  nlohmann::json metrics;              // replication_summary_json(...)["metrics"]
};

// `identity`: what the sweep is (sweep_sha256, axes, design, seed, replications, ...), written
// first in sweep.json. REQUIRES: results in point order.
std::string sweep_csv(const std::vector<std::string>& axes, const std::vector<SweepPointResult>& results);
std::string sweep_json(const nlohmann::json& identity, const std::vector<std::string>& axes,
                       const std::vector<SweepPointResult>& results);
// The results sweep_json() wrote (for merging shards).
std::vector<SweepPointResult> sweep_results_of(const nlohmann::json& sweep);

}  // namespace cachestorm::analysis
