// ExactSum against sums known exactly: terms on a 2^-40 grid, whose sum an integer holds, and the
// order independence a plain double sum lacks (the reason it exists: a mean must not move when
// a model learns an outcome earlier).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "models/metrics/exact_sum.hpp"
#include "models/metrics/latency_histogram.hpp"
#include "sim/rng.hpp"

namespace cachestorm::models {
namespace {

// 100 000 latencies between 2^-20 s and 1 s, each a multiple of 2^-40 s, so both the terms and
// their sum are exact doubles as long as the sum stays below 2^13 s.
std::vector<double> grid_latencies(uint64_t seed) {
  sim::Rng rng(seed);
  std::vector<double> values;
  for (int i = 0; i < 100000; ++i) {
    const uint64_t ticks = (uint64_t{1} << 20) + rng.next_u64() % (uint64_t{1} << 40);
    values.push_back(static_cast<double>(ticks) * 0x1p-40);
  }
  return values;
}

TEST(ExactSum, EqualsTheIntegerSumOfGridTerms) {
  const std::vector<double> values = grid_latencies(3);
  uint64_t ticks = 0;
  ExactSum sum;
  for (double v : values) {
    ticks += static_cast<uint64_t>(v * 0x1p40);
    sum.add(v);
  }
  EXPECT_EQ(sum.value(), static_cast<double>(ticks) * 0x1p-40);
}

TEST(ExactSum, AnyOrderAndAnyMergeGiveTheSameBits) {
  // Terms of every magnitude from 1 us to 100 s (not on a grid): a plain double sum of the
  // shuffled terms differs from the sorted one in its last bits; the exact sum does not.
  sim::Rng rng(11);
  std::vector<double> values;
  for (int i = 0; i < 50000; ++i) values.push_back(rng.exponential(1.0) * (i % 2 == 0 ? 1e-6 : 100.0));
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  ExactSum forward, backward, left, right;
  double plain_forward = 0.0, plain_sorted = 0.0;
  for (double v : values) {
    forward.add(v);
    plain_forward += v;
  }
  for (auto it = sorted.rbegin(); it != sorted.rend(); ++it) backward.add(*it);
  for (double v : sorted) plain_sorted += v;
  for (size_t i = 0; i < values.size(); ++i) (i % 7 == 0 ? left : right).add(values[i]);
  right.merge(left);
  EXPECT_EQ(forward.value(), backward.value());
  EXPECT_EQ(forward.value(), right.value());
  EXPECT_NE(plain_forward, plain_sorted);  // what a plain sum would have done
  EXPECT_NEAR(forward.value(), plain_sorted, 1e-9 * plain_sorted);
}

TEST(ExactSum, NegativeTermsAndSerialisedHalves) {
  ExactSum sum;
  sum.add(2.5);
  sum.add(-4.0);
  sum.add(0x1p-28);
  EXPECT_EQ(sum.value(), -1.5 + 0x1p-28);
  const ExactSum copy = ExactSum::from_halves(sum.low(), sum.high());
  EXPECT_EQ(copy.value(), sum.value());
}

TEST(LatencyHistogram, MeanDoesNotDependOnMergeOrder) {
  LatencyHistogram a, b, c, abc, cba;
  sim::Rng rng(5);
  for (int i = 0; i < 30000; ++i) (i % 3 == 0 ? a : i % 3 == 1 ? b : c).add(rng.exponential(200.0));
  abc.merge(a);
  abc.merge(b);
  abc.merge(c);
  cba.merge(c);
  cba.merge(b);
  cba.merge(a);
  EXPECT_EQ(abc.mean(), cba.mean());
  std::string bytes;
  abc.serialize(bytes);
  LatencyHistogram back;
  back.deserialize(bytes.data());
  EXPECT_EQ(back.mean(), abc.mean());
  EXPECT_EQ(back.count(), abc.count());
}

}  // namespace
}  // namespace cachestorm::models
