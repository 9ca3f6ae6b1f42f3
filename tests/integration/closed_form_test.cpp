// The whole simulator (SimGrid engine, request path, metrics) against closed-form results.
// Each TEST runs one simulation in its own process (ctest runs every test separately).
#include <gtest/gtest.h>

#include <cstdio>

#include "run/simulate.hpp"
#include "integration/test_scenarios.hpp"

namespace cachestorm {
namespace {


TEST(ClosedForm, TtlCacheHitRatioIsLambdaTOverOnePlusLambdaT) {
  // Source: renewal argument for a TTL cache whose TTL is not reset on hits (e.g. Jung, Berger &
  // Balakrishnan, "Modeling TTL-based Internet caches", INFOCOM 2003): after each miss the entry
  // lives T and collects Poisson(lambda T) hits, so h = lambda T / (1 + lambda T).
  // lambda = 10/s, T = 1 s: h = 10/11. Instant fill: zero latency and zero origin service.
  // 20 000 s gives ~18 000 renewal cycles (standard error of h ~ 7e-4); tolerance 0.005 absolute.
  const auto scenario = testing::scenario_from({
      {"duration_s", 20000},
      {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 10}}}, {"keys", {{"type", "uniform"}, {"count", 1}}}}},
      {"cache", {{"ttl_s", 1.0}}},
      {"origin", {{"connections", 100}, {"service_s", {{"type", "deterministic"}, {"value", 0.0}}}}},
      {"client", {{"timeout_s", nullptr}}},
  });
  const auto result = run::simulate(scenario, 0);
  const testing::MetricView m(*result.metrics);
  const double hit_ratio = m.total("shard_hits") / m.total("requests");
  EXPECT_EQ(m.total("shard_hits") + m.total("shard_misses"), m.total("requests"));
  EXPECT_GT(m.count("requests"), 190000u);  // 20 000 s at 10/s: 200 000 expected, sd 447
  std::printf("[ measured ] hit ratio %.5f, closed form %.5f, deviation %+.5f\n", hit_ratio, 10.0 / 11.0,
              hit_ratio - 10.0 / 11.0);
  EXPECT_NEAR(hit_ratio, 10.0 / 11.0, 0.005);
}

TEST(ClosedForm, MM1OriginMeanResponseIsOneOverMuMinusLambda) {
  // Source: M/M/1 FIFO queue (Kleinrock, Queueing Systems vol. 1, 1975, eq. 3.26): mean time in
  // system 1 / (mu - lambda). Cache disabled, one connection, exponential service with mean 10 ms
  // (mu = 100/s), Poisson lambda = 80/s (rho = 0.8): 50 ms. 4 000 000 requests (50 000 s) keep
  // the estimate's standard error near 0.4 % (the M/M/1 mean converges slowly at rho = 0.8);
  // tolerance 3 %.
  const auto scenario = testing::scenario_from({
      {"duration_s", 50000},
      {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 80}}}, {"keys", {{"type", "uniform"}, {"count", 1000}}}}},
      {"cache", {{"enabled", false}}},
      {"origin", {{"connections", 1}, {"service_s", {{"type", "exponential"}, {"mean", 0.01}}}}},
      {"client", {{"timeout_s", nullptr}}},
  });
  const auto result = run::simulate(scenario, 0);
  const testing::MetricView m(*result.metrics);
  models::LatencyHistogram latency;
  for (size_t w = 0; w < m.windows(); ++w) latency.merge(result.metrics->latency(w, result.metrics->find("latency")));
  const double mean = latency.mean();
  EXPECT_GT(latency.count(), 3900000u);  // 50 000 s at 80/s: 4 000 000 expected
  std::printf("[ measured ] M/M/1 mean response %.6f s, closed form 0.05 s, deviation %+.2f %%\n", mean,
              100 * (mean / 0.05 - 1));
  EXPECT_NEAR(mean / 0.05, 1.0, 0.03) << "mean response " << mean << " s";
}

TEST(ClosedForm, UnprotectedHotKeyExpirySendsOnePlusLambdaLFetches) {
  // Source: with no stampede protection every read of an expired key between the first miss and
  // the refill (recompute time L) goes to the origin: 1 + Poisson(lambda L) fetches per expiry,
  // mean 1 + lambda L (Vattani, Chierichetti & Lowenstein, "Optimal probabilistic cache stampede
  // prevention", PVLDB 2015, section 2). lambda = 1000/s, L = 0.1 s: 101. One hot key, TTL 1 s,
  // 500 s: ~416 expiries, standard error ~0.5 fetches; tolerance 3 %.
  const auto scenario = testing::scenario_from({
      {"duration_s", 500},
      {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 1000}}}, {"keys", {{"type", "uniform"}, {"count", 1}}}}},
      {"cache", {{"ttl_s", 1.0}, {"warm_start", true}}},
      {"origin", {{"connections", 100000}, {"service_s", {{"type", "deterministic"}, {"value", 0.1}}}}},
      {"client", {{"timeout_s", nullptr}}},
  });
  const auto result = run::simulate(scenario, 0);
  const testing::MetricView m(*result.metrics);
  const uint64_t expirations = m.count("shard_expired_lazy") + m.count("shard_expired_active");
  ASSERT_GT(expirations, 400u);  // a cycle lasts ~T + 2L (the last refill lands ~2L after expiry): ~416 in 500 s
  const double per_expiry = m.total("origin_queries_started") / double(expirations);
  std::printf("[ measured ] %.3f origin fetches per expiry over %llu expiries, closed form 101, deviation %+.2f %%\n",
              per_expiry, static_cast<unsigned long long>(expirations), 100 * (per_expiry / 101.0 - 1));
  EXPECT_NEAR(per_expiry / 101.0, 1.0, 0.03) << per_expiry << " fetches per expiry";
}

}  // namespace
}  // namespace cachestorm
