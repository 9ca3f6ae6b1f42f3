// Clopper-Pearson bounds against their closed forms at the ends (k = n: low = a^(1/n); k = 0:
// high = 1 - a^(1/n)) and a tabulated interior value, and the verdicts they give.
#include <gtest/gtest.h>

#include <cmath>

#include "analysis/share_verdict.hpp"

namespace cachestorm::analysis {
namespace {

TEST(ShareVerdict, BoundsAtTheEndsAreTheirClosedForms) {
  for (size_t n : {1u, 5u, 10u, 29u, 100u}) {
    const ShareVerdict all = judge_share(n, n, 0.9);
    EXPECT_NEAR(all.low, std::pow(0.05, 1.0 / static_cast<double>(n)), 1e-12) << n;
    EXPECT_EQ(all.high, 1.0);
    const ShareVerdict none = judge_share(0, n, 0.9);
    EXPECT_EQ(none.low, 0.0);
    EXPECT_NEAR(none.high, 1.0 - std::pow(0.05, 1.0 / static_cast<double>(n)), 1e-12) << n;
  }
}

TEST(ShareVerdict, AnInteriorBoundMatchesTheBinomialTail) {
  // low is the p at which P(X >= k | n, p) = 0.05; high the p at which P(X <= k | n, p) = 0.05.
  const ShareVerdict v = judge_share(7, 10, 0.5);
  const auto tail_at_least = [](size_t k, size_t n, double p) {
    double sum = 0.0;
    for (size_t i = k; i <= n; ++i)
      sum += std::tgamma(n + 1.0) / (std::tgamma(i + 1.0) * std::tgamma(n - i + 1.0)) * std::pow(p, i) *
             std::pow(1 - p, n - i);
    return sum;
  };
  EXPECT_NEAR(tail_at_least(7, 10, v.low), 0.05, 1e-9);
  EXPECT_NEAR(1.0 - tail_at_least(8, 10, v.high), 0.05, 1e-9);
}

TEST(ShareVerdict, MetBrokenOrUndecided) {
  EXPECT_EQ(judge_share(10, 10, 0.9).verdict, "undecided");  // 0.741: ten are too few to prove 90 %
  EXPECT_EQ(judge_share(29, 29, 0.9).verdict, "met");        // 0.902
  EXPECT_EQ(judge_share(6, 10, 0.9).verdict, "broken");      // high 0.85
  EXPECT_EQ(judge_share(9, 10, 0.9).verdict, "undecided");
  EXPECT_EQ(replications_to_prove(0.9), 29u);
  EXPECT_EQ(replications_to_prove(0.95), 59u);
  EXPECT_EQ(replications_to_prove(0.5), 5u);  // 0.5^5 = 0.031 <= 0.05 < 0.5^4
}

}  // namespace
}  // namespace cachestorm::analysis
