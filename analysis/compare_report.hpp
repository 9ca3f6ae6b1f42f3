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
  ReplicationStats difference;  // of variant − baseline, replication by replication
  bool excludes_zero() const { return difference.ci_low > 0.0 || difference.ci_high < 0.0; }
};

// Every metric both have, for every variant after the first (the baseline). REQUIRES: each
// variant has the same number of replications as the baseline, at least one.
std::vector<Difference> paired_differences(const std::vector<Variant>& variants);

// variant,metric,baseline_mean,variant_mean,difference_mean,difference_ci_low,difference_ci_high,excludes_zero,unit
std::string compare_csv(const std::vector<Difference>& differences);

}  // namespace cachestorm::analysis
