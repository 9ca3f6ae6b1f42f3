// Paired comparison of variants run on common random numbers: replication r of every variant draws
// from the same streams, so each metric's difference variant − baseline is taken per replication
// and summarised across replications (mean and 95 % Student-t interval of the differences). An
// interval that excludes zero says the variant changed the metric beyond replication noise. Text
// only; running the variants is the CLI's job.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/replication_stats.hpp"

namespace cachestorm::analysis {

struct Variant {
  std::string name;
  std::vector<nlohmann::json> summaries;  // its replications' summaries, replication 0 first
};

struct Difference {
  std::string variant;
  std::string metric;
  std::string unit;
  double baseline_mean = 0.0;
  double variant_mean = 0.0;
  // Each one's own value across its replications (interval cut to the metric's range); n = 0
  // where it has no value in any replication (a quantile without responses).
  ReplicationStats baseline, own;
  // Of variant − baseline, replication by replication; only when every replication of both has
  // the metric (paired), else n = 0.
  ReplicationStats difference;
  bool paired() const { return difference.n > 0; }
  bool excludes_zero() const { return paired() && (difference.ci_low > 0.0 || difference.ci_high < 0.0); }
};

// Every metric either has, for every variant after the first (the baseline), in the baseline's
// order and then the variant's own. REQUIRES: each variant has the same number of replications
// as the baseline, at least one.
std::vector<Difference> paired_differences(const std::vector<Variant>& variants);

// variant,metric,baseline_mean,baseline_ci_low,baseline_ci_high,baseline_n,variant_mean,variant_ci_low,
// variant_ci_high,variant_n,difference_mean,difference_ci_low,difference_ci_high,excludes_zero,unit
// (empty cells where a value is undefined).
std::string compare_csv(const std::vector<Difference>& differences);

}  // namespace cachestorm::analysis
