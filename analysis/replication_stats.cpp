#include "analysis/replication_stats.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <algorithm>
#include <cmath>

namespace cachestorm::analysis {

double student_t_quantile(double confidence, size_t degrees_of_freedom) {
  const boost::math::students_t distribution(static_cast<double>(degrees_of_freedom));
  return boost::math::quantile(distribution, 0.5 + confidence / 2.0);
}

ReplicationStats replication_stats(std::span<const double> values, double confidence) {
  ReplicationStats stats;
  stats.n = values.size();
  double sum = 0.0;
  for (double v : values) sum += v;
  stats.mean = sum / static_cast<double>(stats.n);
  stats.ci_low = stats.ci_high = stats.mean;
  if (stats.n < 2) return stats;
  double squares = 0.0;  // two-pass: no cancellation for values far from zero
  for (double v : values) squares += (v - stats.mean) * (v - stats.mean);
  stats.sd = std::sqrt(squares / static_cast<double>(stats.n - 1));
  const double half_width =
      student_t_quantile(confidence, stats.n - 1) * stats.sd / std::sqrt(static_cast<double>(stats.n));
  stats.ci_low = stats.mean - half_width;
  stats.ci_high = stats.mean + half_width;
  return stats;
}

ReplicationStats within(ReplicationStats stats, double low, double high) {
  stats.ci_low = std::clamp(stats.ci_low, low, high);
  stats.ci_high = std::clamp(stats.ci_high, low, high);
  return stats;
}

}  // namespace cachestorm::analysis
