// Statistics of one metric across independent replications: mean, sample standard deviation,
// n, and the two-sided 95 % Student-t confidence interval of the mean, mean ± t(0.975, n−1) ·
// sd / √n (the t quantile from Boost.Math). Each replication contributes one value (its own
// p99, its own hit ratio, ...): tails are never pooled across replications. Pure arithmetic.
#pragma once
#include <cstddef>
#include <span>

namespace cachestorm::analysis {

struct ReplicationStats {
  size_t n = 0;
  double mean = 0.0;
  double sd = 0.0;       // sample standard deviation (n − 1 in the denominator); 0 when n < 2
  double ci_low = 0.0;   // the interval is [mean, mean] when n < 2: no spread can be estimated
  double ci_high = 0.0;
};

// REQUIRES: values not empty, all finite.
ReplicationStats replication_stats(std::span<const double> values, double confidence = 0.95);

// The interval cut to [low, high], the range the metric's values lie in (a count is never below
// 0, a ratio never above 1). The true mean lies in that range, so the cut interval covers it
// exactly as often; it only stops reading as if negative counts were possible.
ReplicationStats within(ReplicationStats stats, double low, double high);

// The two-sided Student-t quantile t((1 + confidence) / 2, degrees_of_freedom). REQUIRES: df >= 1.
double student_t_quantile(double confidence, size_t degrees_of_freedom);

}  // namespace cachestorm::analysis
