// Every registered distribution: the sample mean of 400 000 draws agrees with its exact mean()
// within 5 standard errors, where the standard error is the sample sd / sqrt(n).
#include <gtest/gtest.h>

#include <cmath>

#include "models/scenario.hpp"

namespace cachestorm::models {
namespace {

std::unique_ptr<Distribution> distribution(const nlohmann::json& block) {
  return std::move(parse_scenario({{"origin", {{"service_s", block}}}}).origin.service_s);
}

void expect_mean_matches(const nlohmann::json& block, double exact_mean) {
  const auto dist = distribution(block);
  EXPECT_DOUBLE_EQ(dist->mean(), exact_mean) << block.dump();
  sim::Rng rng(31);
  const int n = 400000;
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    const double x = dist->sample(rng);
    ASSERT_GE(x, 0.0);
    sum += x;
    sum_sq += x * x;
  }
  const double mean = sum / n;
  const double sd = std::sqrt(std::max(0.0, sum_sq / n - mean * mean));
  EXPECT_NEAR(mean, exact_mean, 5 * sd / std::sqrt(n) + 1e-15) << block.dump();
}

TEST(Distributions, SampleMeansMatchExactMeans) {
  expect_mean_matches({{"type", "deterministic"}, {"value", 0.25}}, 0.25);
  expect_mean_matches({{"type", "exponential"}, {"mean", 0.005}}, 0.005);
  expect_mean_matches({{"type", "uniform"}, {"min", 1.0}, {"max", 3.0}}, 2.0);
  // Lognormal with median m and shape s has mean m * exp(s^2 / 2).
  expect_mean_matches({{"type", "lognormal"}, {"median", 0.004}, {"sigma", 0.5}}, 0.004 * std::exp(0.125));
}

TEST(Distributions, LognormalMedianIsTheMedian) {
  // Half of the draws fall below the median: 400 000 draws, sd of the fraction 0.00079.
  const auto dist = distribution({{"type", "lognormal"}, {"median", 2000}, {"sigma", 1.0}});
  sim::Rng rng(2);
  int below = 0;
  for (int i = 0; i < 400000; ++i) below += dist->sample(rng) < 2000 ? 1 : 0;
  EXPECT_NEAR(below / 400000.0, 0.5, 5 * 0.00079);
}

}  // namespace
}  // namespace cachestorm::models
