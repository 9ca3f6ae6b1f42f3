// Histogram quantiles against exact order statistics: relative error at most 1/256 (< 1 %).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "models/metrics/latency_histogram.hpp"
#include "sim/rng.hpp"

namespace cachestorm::models {
namespace {

double exact_quantile(std::vector<double> sorted, double q) {
  const auto rank = static_cast<size_t>(std::ceil(q * sorted.size()));
  return sorted[std::max<size_t>(rank, 1) - 1];
}

TEST(LatencyHistogram, QuantilesWithinOneOver256OfExact) {
  // Lognormal latencies over five decades (median 2 ms, sigma 2).
  sim::Rng rng(21);
  std::vector<double> values;
  LatencyHistogram histogram;
  for (int i = 0; i < 200000; ++i) {
    const double v = 0.002 * std::exp(2.0 * rng.standard_normal());
    values.push_back(v);
    histogram.add(v);
  }
  std::sort(values.begin(), values.end());
  for (double q : {0.001, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0}) {
    const double exact = exact_quantile(values, q);
    EXPECT_LE(std::fabs(histogram.quantile(q) - exact) / exact, 1.0 / 256) << "q = " << q;
  }
}

TEST(LatencyHistogram, MergeEqualsOneHistogramOfEverything) {
  LatencyHistogram a, b, all;
  sim::Rng rng(4);
  for (int i = 0; i < 10000; ++i) {
    const double v = rng.exponential(100.0);
    (i % 3 == 0 ? a : b).add(v);
    all.add(v);
  }
  a.merge(b);
  EXPECT_EQ(a.count(), all.count());
  for (double q : {0.5, 0.99, 0.999}) EXPECT_EQ(a.quantile(q), all.quantile(q));
}

TEST(LatencyHistogram, ZeroesAndExactMean) {
  LatencyHistogram h;
  h.add(0.0);
  h.add(0.0);
  h.add(0.003);
  EXPECT_EQ(h.quantile(0.5), 0.0);
  EXPECT_NEAR(h.quantile(1.0), 0.003, 0.003 / 256);
  EXPECT_DOUBLE_EQ(h.mean(), 0.001);
}

}  // namespace
}  // namespace cachestorm::models
