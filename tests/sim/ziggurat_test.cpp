// The ziggurat exponential (sim/ziggurat.hpp) against the exponential distribution it claims.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/ziggurat.hpp"

namespace cachestorm::sim {
namespace {

TEST(Ziggurat, LayersCloseAtTheTopAndHaveEqualAreas) {
  // With the published r and V the recursion must end at x_256 = 0 (e^-x_255 + V / x_255 = 1),
  // and every rectangle [0, x_i] x [e^-x_i, e^-x_{i+1}] must have area V.
  const ExponentialZiggurat z;
  const double top = std::exp(-z.edge[255]) + ExponentialZiggurat::kV / z.edge[255];
  EXPECT_NEAR(top, 1.0, 1e-9);
  for (int i = 1; i < 255; ++i)
    EXPECT_NEAR(z.edge[i] * (z.density[i + 1] - z.density[i]), ExponentialZiggurat::kV, 1e-12) << i;
  // V = e^-r (r + 1), base plus tail, to the precision of the published constants.
  EXPECT_NEAR(z.edge[0], ExponentialZiggurat::kR + 1.0, 1e-12);
}

TEST(Ziggurat, KolmogorovSmirnovAgainstTheExponentialCdf) {
  // n = 10^6 draws; D_n <= 1.95 / sqrt(n) with probability 0.999 under the null hypothesis.
  Rng rng(2024);
  std::vector<double> draws(1000000);
  for (double& x : draws) x = rng.standard_exponential();
  std::sort(draws.begin(), draws.end());
  const double n = static_cast<double>(draws.size());
  double d = 0.0;
  for (size_t i = 0; i < draws.size(); ++i) {
    const double cdf = 1.0 - std::exp(-draws[i]);
    d = std::max({d, cdf - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - cdf});
  }
  EXPECT_LT(d, 1.95 / std::sqrt(n));
  EXPECT_GE(draws.front(), 0.0);
}

TEST(Ziggurat, TailBeyondTheBaseHasItsProbability) {
  // P(X > r) = e^-r = 4.54e-4 and P(X > r + 2) = e^-(r+2): the tail path and the wedges are
  // exercised; counts within 5 binomial standard deviations over 4 * 10^6 draws.
  Rng rng(99);
  const int n = 4000000;
  int beyond_r = 0, beyond_r2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = rng.standard_exponential();
    beyond_r += x > ExponentialZiggurat::kR ? 1 : 0;
    beyond_r2 += x > ExponentialZiggurat::kR + 2.0 ? 1 : 0;
  }
  for (const auto& [count, p] : {std::pair{beyond_r, std::exp(-ExponentialZiggurat::kR)},
                                 std::pair{beyond_r2, std::exp(-ExponentialZiggurat::kR - 2.0)}}) {
    const double expected = n * p;
    EXPECT_NEAR(count, expected, 5.0 * std::sqrt(expected * (1 - p)));
  }
}

}  // namespace
}  // namespace cachestorm::sim
