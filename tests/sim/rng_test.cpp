// Named streams and our own distributions: known answers for the generators, then properties.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "sim/rng.hpp"

namespace cachestorm::sim {
namespace {

struct Moments {
  double mean;         // E[X]
  double second_moment;  // E[X^2]
};

// The sample mean and second moment of n draws.
template <class Draw>
Moments sample_moments(int n, Draw draw) {
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    const double x = draw();
    sum += x;
    sum_sq += x * x;
  }
  return {sum / n, sum_sq / n};
}

TEST(Rng, SplitMix64MatchesPublishedFirstOutput) {
  // SplitMix64 seeded with 0 first outputs 0xe220a8397b1dcdaf (Steele, Lea & Flood; the reference
  // splitmix64.c by Vigna gives the same).
  EXPECT_EQ(mix64(0), 0xe220a8397b1dcdafULL);
}

TEST(Rng, Xoshiro256StarStarMatchesReferenceSequence) {
  // From state {1, 2, 3, 4} the reference xoshiro256starstar.c yields 11520, 0, 1509978240,
  // 1215971899390074240 (worked by hand from the algorithm: the first is rotl(2 * 5, 7) * 9).
  Rng rng = Rng::from_state(1, 2, 3, 4);
  EXPECT_EQ(rng.next_u64(), 11520u);
  EXPECT_EQ(rng.next_u64(), 0u);
  EXPECT_EQ(rng.next_u64(), 1509978240u);
  EXPECT_EQ(rng.next_u64(), 1215971899390074240u);
}

TEST(Rng, StreamDependsOnlyOnSeedReplicationAndName) {
  const RngStreams streams(42, 3);
  Rng a = streams.stream("workload/keys/client/0");
  Rng b = RngStreams(42, 3).stream("workload/keys/client/0");
  for (int i = 0; i < 100; ++i) ASSERT_EQ(a.next_u64(), b.next_u64());
  // Any change of seed, replication or name gives another sequence.
  const uint64_t first = streams.stream("x").next_u64();
  EXPECT_NE(first, streams.stream("y").next_u64());
  EXPECT_NE(first, RngStreams(43, 3).stream("x").next_u64());
  EXPECT_NE(first, RngStreams(42, 4).stream("x").next_u64());
}

TEST(Rng, UniformOpenZeroNeverReturnsZero) {
  // The smallest possible value is 2^-53 (all 53 random bits zero, plus one).
  Rng rng(7);
  for (int i = 0; i < 100000; ++i) {
    const double u = rng.uniform_open0();
    ASSERT_GT(u, 0.0);
    ASSERT_LE(u, 1.0);
  }
}

TEST(Rng, ExponentialMeanAndVarianceWithinFiveStandardErrors) {
  // Exp(rate 4): mean 0.25, variance 0.0625. With n = 400 000 the standard error of the mean is
  // 0.25 / sqrt(n) = 3.95e-4; of the second moment (mean 0.125, sd sqrt(24/256 - 1/64) = 0.28) 4.4e-4.
  Rng rng(11);
  const Moments m = sample_moments(400000, [&] { return rng.exponential(4.0); });
  EXPECT_NEAR(m.mean, 0.25, 5 * 3.95e-4);
  EXPECT_NEAR(m.second_moment, 0.125, 5 * 4.4e-4);
}

TEST(Rng, BelowIsUniformByChiSquare) {
  // 10 cells, 100 000 draws: chi-square with 9 degrees of freedom is below 27.88 with prob. 0.999.
  Rng rng(5);
  std::vector<int> cells(10, 0);
  for (int i = 0; i < 100000; ++i) ++cells[rng.below(10)];
  double chi2 = 0;
  for (int c : cells) chi2 += (c - 10000.0) * (c - 10000.0) / 10000.0;
  EXPECT_LT(chi2, 27.88);
}

TEST(Rng, StandardNormalMomentsWithinFiveStandardErrors) {
  // n = 400 000: standard error of the mean 1/sqrt(n) = 1.58e-3; of the variance sqrt(2/n) = 2.24e-3.
  Rng rng(13);
  const Moments m = sample_moments(400000, [&] { return rng.standard_normal(); });
  EXPECT_NEAR(m.mean, 0.0, 5 * 1.58e-3);
  EXPECT_NEAR(m.second_moment, 1.0, 5 * 2.24e-3);
}

}  // namespace
}  // namespace cachestorm::sim
