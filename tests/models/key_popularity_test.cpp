// Key popularity: Zipf frequencies against the exact probabilities, and batched draws equal to
// one-at-a-time draws (batching only prefetches; it must not change a single key).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "models/scenario.hpp"

namespace cachestorm::models {
namespace {

std::unique_ptr<KeyPopularity> keys(const nlohmann::json& block) {
  const nlohmann::json key_class = {{"keys", block}};
  return std::move(parse_scenario({{"workload", {{"key_classes", {key_class}}}}}).workload.key_classes[0].keys);
}

TEST(ZipfKeys, ProbabilitiesFollowThePowerLaw) {
  const auto zipf = keys({{"type", "zipf"}, {"count", 100000}, {"s", 1.0}});
  double harmonic = 0;
  for (int k = 1; k <= 100000; ++k) harmonic += 1.0 / k;
  EXPECT_NEAR(zipf->probability(0), 1.0 / harmonic, 1e-12);
  EXPECT_NEAR(zipf->probability(99), 1.0 / (100 * harmonic), 1e-12);
}

TEST(ZipfKeys, FrequenciesMatchProbabilitiesAcrossHeadAndTail) {
  // 100 000 keys span both alias tables (the head holds 32 768). Check the top keys and the mass
  // of the tail with n = 2 000 000 draws, each within 5 standard errors sqrt(p (1 - p) / n).
  const auto zipf = keys({{"type", "zipf"}, {"count", 100000}, {"s", 0.9}});
  sim::Rng rng(3);
  const int n = 2000000;
  std::vector<uint32_t> drawn(n);
  zipf->sample_batch(rng, drawn.data(), n);
  std::vector<int> counts(100000, 0);
  for (uint32_t k : drawn) ++counts[k];
  for (uint32_t k : {0u, 1u, 9u, 99u}) {
    const double p = zipf->probability(k);
    EXPECT_NEAR(counts[k] / double(n), p, 5 * std::sqrt(p * (1 - p) / n)) << "key " << k;
  }
  double tail_p = 0;
  int tail_count = 0;
  for (uint32_t k = 32768; k < 100000; ++k) {
    tail_p += zipf->probability(k);
    tail_count += counts[k];
  }
  EXPECT_NEAR(tail_count / double(n), tail_p, 5 * std::sqrt(tail_p * (1 - tail_p) / n));
}

TEST(ZipfKeys, BatchedDrawsEqualSingleDraws) {
  const auto zipf = keys({{"type", "zipf"}, {"count", 1000000}, {"s", 1.0}});
  sim::Rng one(17), batch(17);
  std::vector<uint32_t> batched(1000);
  zipf->sample_batch(batch, batched.data(), batched.size());
  for (uint32_t k : batched) ASSERT_EQ(zipf->sample(one), k);
}

// A process that forks replications builds the tables, lets the children share them and frees
// its own copy (release); drawing again rebuilds them. The keys drawn must not depend on which
// copy of the tables a draw used: 10 000 draws over both tables, before and after a release.
TEST(ZipfKeys, ReleasedTablesAreRebuiltToDrawTheSameKeys) {
  const auto zipf = keys({{"type", "zipf"}, {"count", 200000}, {"s", 1.1}});
  zipf->prepare();
  sim::Rng first(23), again(23);
  std::vector<uint32_t> before(10000), after(10000);
  zipf->sample_batch(first, before.data(), before.size());
  zipf->release();
  zipf->sample_batch(again, after.data(), after.size());
  EXPECT_EQ(before, after);
  size_t in_tail = 0;
  for (uint32_t k : before) in_tail += k >= 32768 ? 1 : 0;
  EXPECT_GT(in_tail, 0u) << "the draws reach the second table";
}

TEST(UniformKeys, EveryKeyEquallyLikely) {
  // 1 000 keys, 1 000 000 draws: each count has mean 1 000 and sd 31.6; the largest of 1 000
  // deviations stays under 5 sd with probability > 0.999.
  const auto uniform = keys({{"type", "uniform"}, {"count", 1000}});
  sim::Rng rng(8);
  std::vector<int> counts(1000, 0);
  for (int i = 0; i < 1000000; ++i) ++counts[uniform->sample(rng)];
  for (int c : counts) ASSERT_NEAR(c, 1000, 5 * 31.6);
}

}  // namespace
}  // namespace cachestorm::models
