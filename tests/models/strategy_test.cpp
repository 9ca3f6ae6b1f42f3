// Strategy pipelines without an engine: TTL jitter's draws fit their uniform law (Kolmogorov-
// Smirnov), XFetch decides by the published rule on its own stream, strategies draw from
// streams of their own (turning one on leaves another's draws alone), and the read stages
// combine as documented.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "models/app/strategy_pipeline.hpp"
#include "models/scenario.hpp"

namespace cachestorm::models {
namespace {

using nlohmann::json;

Scenario with_strategies(json strategies) {
  return parse_scenario({{"workload", {{"key_classes", json::array({{{"ttl_s", 100.0}, {"strategies", strategies}}})}}}});
}

StrategyPipeline pipeline_of(const Scenario& scenario, uint64_t seed = 7) {
  return StrategyPipeline(scenario.app.class_strategies[0], sim::RngStreams(seed, 0), "app/0/default/");
}

// D_n of sorted draws against the uniform law on [lo, hi].
double ks_uniform(std::vector<double> draws, double lo, double hi) {
  std::sort(draws.begin(), draws.end());
  const double n = static_cast<double>(draws.size());
  double d = 0.0;
  for (size_t i = 0; i < draws.size(); ++i) {
    const double cdf = (draws[i] - lo) / (hi - lo);
    d = std::max({d, cdf - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - cdf});
  }
  return d;
}

TEST(TtlJitter, KeysFilledTogetherExpireUniformlyOverTheJitterBand) {
  // K = 10^5 fills at once with ±20 % around T = 100 s: expiries uniform on [80, 120].
  // D_n <= 1.95 / sqrt(n) with probability 0.999 under the null hypothesis.
  auto multiplicative = pipeline_of(with_strategies(json::array({{{"type", "ttl_jitter"}, {"fraction", 0.2}}})));
  auto additive = pipeline_of(with_strategies(json::array({{{"type", "ttl_jitter"}, {"mode", "additive"}, {"max_s", 30}}})));
  const int n = 100000;
  std::vector<double> times, shifted;
  for (int i = 0; i < n; ++i) {
    times.push_back(multiplicative.stored_ttl_s(100.0));
    shifted.push_back(additive.stored_ttl_s(100.0));
  }
  EXPECT_GE(*std::min_element(times.begin(), times.end()), 80.0);
  EXPECT_LT(*std::max_element(times.begin(), times.end()), 120.0);
  EXPECT_LT(ks_uniform(times, 80.0, 120.0), 1.95 / std::sqrt(n));
  EXPECT_GE(*std::min_element(shifted.begin(), shifted.end()), 100.0);
  EXPECT_LT(ks_uniform(shifted, 100.0, 130.0), 1.95 / std::sqrt(n));
}

TEST(XFetch, DecidesByThePublishedRuleOnItsOwnStream) {
  // Recompute when now − Δ·β·ln(u) ≥ expiry, u = the stream's next uniform_open0() in (0, 1].
  auto pipeline = pipeline_of(with_strategies(json::array({{{"type", "xfetch"}, {"beta", 2.0}}})));
  sim::Rng same = sim::RngStreams(7, 0).stream("app/0/default/xfetch");
  int early = 0;
  for (int i = 0; i < 10000; ++i) {
    const FoundValue value{100.0 - 0.001 * i, 100.0, 0.05};
    const bool expected = value.now - 0.05 * 2.0 * std::log(same.uniform_open0()) >= 100.0;
    const bool decided = pipeline.on_read(value) == ReadAction::kRecompute;
    ASSERT_EQ(decided, expected) << "read " << i;
    early += decided ? 1 : 0;
  }
  EXPECT_GT(early, 0);
  EXPECT_LT(early, 10000);
  // A value whose fetch time is unknown (0) is never recomputed before its expiry.
  EXPECT_EQ(pipeline.on_read({99.999, 100.0, 0.0}), ReadAction::kServe);
  EXPECT_TRUE(recompute_early({100.0, 100.0, 0.0}, 1.0, 1.0));
}

TEST(StrategyPipeline, EachStrategyDrawsFromItsOwnStream) {
  // Adding XFetch in front of the jitter leaves the jitter's TTLs as they were.
  auto alone = pipeline_of(with_strategies(json::array({{{"type", "ttl_jitter"}}})));
  auto with_xfetch = pipeline_of(with_strategies(json::array({{{"type", "xfetch"}}, {{"type", "ttl_jitter"}}})));
  for (int i = 0; i < 100; ++i) {
    with_xfetch.on_read({50.0, 100.0, 1.0});
    ASSERT_EQ(alone.stored_ttl_s(100.0), with_xfetch.stored_ttl_s(100.0));
  }
}

TEST(StrategyPipeline, GraceExtendsTheStoredTtlAndStaleReadsWinOverEarlyRecomputes) {
  auto pipeline = pipeline_of(with_strategies(
      json::array({{{"type", "xfetch"}, {"beta", 1000.0}}, {{"type", "stale_while_revalidate"}, {"grace_s", 30}}})));
  EXPECT_EQ(pipeline.grace_s(), 30.0);
  EXPECT_EQ(pipeline.stored_ttl_s(100.0), 130.0);
  EXPECT_TRUE(pipeline.reads_values());
  EXPECT_FALSE(pipeline.keeps_state());
  EXPECT_EQ(pipeline.on_read({100.0, 100.0, 1.0}), ReadAction::kServeStale);  // past freshness
  EXPECT_EQ(pipeline.on_read({99.0, 100.0, 1.0}), ReadAction::kRecompute);    // β huge: early
  auto guarded = pipeline_of(with_strategies(json::array({{{"type", "single_flight"}}, {{"type", "circuit_breaker"}}})));
  EXPECT_TRUE(guarded.keeps_state());
  EXPECT_TRUE(guarded.coalesces_misses());
  EXPECT_NE(guarded.breaker(0), nullptr);
  EXPECT_EQ(guarded.breaker(0), guarded.breaker(2));  // scope "class": one for every shard
  EXPECT_FALSE(guarded.fail_closed());
  auto per_shard = pipeline_of(with_strategies(json::array({{{"type", "circuit_breaker"}, {"scope", "shard"}}})));
  EXPECT_NE(per_shard.breaker(0), per_shard.breaker(2));
  EXPECT_EQ(per_shard.breaker(2), per_shard.breaker(2));
  EXPECT_TRUE(pipeline_of(with_strategies(json::array())).empty());
}

}  // namespace
}  // namespace cachestorm::models
