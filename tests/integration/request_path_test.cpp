// The request path end to end against exact and closed-form answers: one shard as an M/M/1 queue
// seen through the whole path, and client timeouts that fire at send + timeout while the origin is
// still busy, and key classes with their own arrivals and TTL-cache hit ratios. Each TEST runs one simulation in its own process (ctest runs every test separately).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "analysis/run_report.hpp"
#include "integration/test_scenarios.hpp"
#include "run/simulate.hpp"

namespace cachestorm {
namespace {

TEST(RequestPath, OneShardWithPoissonGetsAndExponentialServiceIsAnMM1Queue) {
  // Source: M/M/1 FIFO (Kleinrock 1975, eq. 3.26): mean sojourn 1 / (mu - lambda). A warm cache of
  // 10^6 keys read uniformly, GET cost 0 + bytes x 1e-6 s and exponential value sizes of mean
  // 1000 B: service ~ exponential with mean 1 ms (mu = 1000/s, an empirical draw per key over 10^6
  // keys). Poisson lambda = 800/s: 5 ms. Zero network delay, so the client's latency is the
  // shard's sojourn. 4 000 000 GETs (5 000 s); standard error ~0.4 %; tolerance 3 %.
  const auto scenario = testing::scenario_from({
      {"duration_s", 5000},
      {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 800}}},
                    {"keys", {{"type", "uniform"}, {"count", 1000000}}},
                    {"value_size_bytes", {{"type", "exponential"}, {"mean", 1000}}}}},
      {"cache", {{"ttl_s", 1e9}, {"warm_start", true},
                 {"commands", {{"get", {{"base_s", 0.0}, {"per_byte_s", 1e-6}}}}}}},
      {"client", {{"timeout_s", nullptr}}},
  });
  const auto result = run::simulate(scenario, 0);
  const auto& table = *result.metrics;
  models::LatencyHistogram latency;
  for (size_t w = 0; w < table.closed_windows(); ++w) latency.merge(table.latency(w, table.find("latency_ok")));
  const testing::MetricView m(table);
  // Every GET hits. GETs sent before the horizon that start after it (queued at the end) are
  // counted in requests, as unfinished, but not in shard_hits (filed by start time).
  EXPECT_EQ(m.count("shard_misses"), 0u);
  EXPECT_LE(m.count("shard_hits"), m.count("requests"));
  EXPECT_GE(m.count("shard_hits"), m.count("requests") - m.count("unfinished"));
  EXPECT_GT(latency.count(), 3900000u);
  std::printf("[ measured ] shard M/M/1 mean sojourn %.6f s, closed form 0.005 s, deviation %+.2f %%\n", latency.mean(),
              100 * (latency.mean() / 0.005 - 1));
  EXPECT_NEAR(latency.mean() / 0.005, 1.0, 0.03);
  // Utilisation rho = lambda / mu = 0.8 (the service times' sample mean is within ~0.2 % of 1 ms).
  EXPECT_NEAR(m.total("shard_busy_s") / 5000.0, 0.8, 0.01);
}

TEST(RequestPath, ClientTimeoutsFireAtSendPlusTimeoutWhileTheOriginIsBusy) {
  // The cache is off and the origin's one connection is busy for 1000 s with the first query, so
  // no answer comes within the run. Every request sent before 2.5 s times out at exactly send +
  // 0.5 s; the ones sent in [2.5, 3) are unfinished at the horizon.
  const auto scenario = testing::scenario_from({
      {"duration_s", 3},
      {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 200}}}}},
      {"cache", {{"enabled", false}}},
      {"origin", {{"connections", 1}, {"service_s", {{"type", "deterministic"}, {"value", 1000.0}}}}},
      {"client", {{"timeout_s", 0.5}}},
  });
  const auto result = run::simulate(scenario, 0);
  const auto& table = *result.metrics;
  const testing::MetricView m(table);
  for (size_t w = 0; w < 2; ++w) {
    EXPECT_GT(m.count(w, "requests"), 150u);
    EXPECT_EQ(m.count(w, "client_timeouts"), m.count(w, "requests")) << "window " << w;
    EXPECT_EQ(m.count(w, "ok") + m.count(w, "errors") + m.count(w, "unfinished"), 0u) << "window " << w;
    const auto& latency = table.latency(w, table.find("latency"));
    EXPECT_NEAR(latency.mean(), 0.5, 1e-12) << "each timeout at exactly its send time + 0.5 s";
  }
  // Window 2: those sent before 2.5 s timed out, the rest are unfinished; both kinds occur.
  EXPECT_GT(m.count(2, "client_timeouts"), 0u);
  EXPECT_GT(m.count(2, "unfinished"), 0u);
  EXPECT_EQ(m.outcomes(2), m.count(2, "requests"));
  EXPECT_EQ(m.at(2, "in_flight_end"), m.at(2, "unfinished"));
  EXPECT_NEAR(table.latency(2, table.find("latency")).mean(), 0.5, 1e-12);
  EXPECT_EQ(table.gauge_end(2, table.find("origin_busy")), 1.0) << "the origin is still busy with the first query";
  EXPECT_EQ(m.count("origin_queries_completed"), 0u);
  // Every request reached the origin (zero delay): one got the connection, the rest still wait,
  // abandoned by their clients but not by the origin.
  EXPECT_EQ(m.count("origin_queries_arrived"), m.count("requests"));
  EXPECT_EQ(m.count("origin_queries_started"), 1u);
  EXPECT_EQ(table.gauge_end(2, table.find("origin_queue")), m.total("origin_queries_arrived") - 1);
}

TEST(RequestPath, AKeyClassWithItsOwnArrivalsHasItsOwnRateAndHitRatio) {
  // "hot": its own Poisson 1000/s over 100 keys (uniform), TTL 1 s; "cold": workload.arrivals,
  // Poisson 500/s over 10 000 keys, TTL 2 s. Zero latency, free commands and an instant origin
  // (fills at the miss's instant), so every key sees
  // Poisson requests at lambda = rate / keys, and a fixed TTL from each miss gives the renewal
  // hit ratio lambda T / (1 + lambda T) (facts.md, TTL cache not reset on hit): hot 10/11,
  // cold 0.1/1.1. Windows from 100 s on (the cold start is over); tolerances are 5 standard
  // errors of the counts and of the renewal ratios.
  const auto scenario = testing::scenario_from({
      {"duration_s", 2000},
      {"workload",
       {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 500}}},
        {"key_classes",
         {{{"name", "hot"}, {"pattern", "hot:{id}"}, {"arrivals", {{"type", "poisson"}, {"rate_per_s", 1000}}},
           {"keys", {{"type", "uniform"}, {"count", 100}}}, {"ttl_s", 1}},
          {{"name", "cold"}, {"pattern", "cold:{id}"}, {"keys", {{"type", "uniform"}, {"count", 10000}}},
           {"ttl_s", 2}}}}}},
      {"origin", {{"connections", 100}, {"service_s", {{"type", "deterministic"}, {"value", 0.0}}}}},
      {"client", {{"timeout_s", nullptr}}},
  });
  const auto result = run::simulate(scenario, 0);
  const testing::MetricView m(*result.metrics);
  double requests = 0, hot = 0, cold = 0, hot_hits = 0, hot_misses = 0, cold_hits = 0, cold_misses = 0;
  for (size_t w = 100; w < m.windows(); ++w) {
    requests += m.at(w, "requests");
    hot += m.at(w, "key_class_requests", "hot");
    cold += m.at(w, "key_class_requests", "cold");
    hot_hits += m.at(w, "key_class_hits", "hot");
    hot_misses += m.at(w, "key_class_misses", "hot");
    cold_hits += m.at(w, "key_class_hits", "cold");
    cold_misses += m.at(w, "key_class_misses", "cold");
  }
  EXPECT_EQ(hot + cold, requests);
  EXPECT_NEAR(hot, 1000.0 * 1900, 5 * std::sqrt(1000.0 * 1900));
  EXPECT_NEAR(cold, 500.0 * 1900, 5 * std::sqrt(500.0 * 1900));
  const double hot_ratio = hot_hits / (hot_hits + hot_misses), cold_ratio = cold_hits / (cold_hits + cold_misses);
  std::printf("[ measured ] hit ratio hot %.5f (closed form %.5f), cold %.5f (%.5f)\n", hot_ratio, 10.0 / 11,
              cold_ratio, 0.1 / 1.1);
  EXPECT_NEAR(hot_ratio, 10.0 / 11, 0.0035);
  EXPECT_NEAR(cold_ratio, 0.1 / 1.1, 0.0015);
}

// Cache off, origin answers in exactly 0.15 s (connections to spare), zero network delay: every
// ended request takes 0.15 s, so with the SLO below that all are slow, above it none. The
// requests sent in the last 0.15 s are unfinished and count in neither. (One run per TEST: one
// SimGrid engine per process.)
void expect_slow_share(double slo, bool all_slow) {
  const auto scenario = testing::scenario_from({
      {"duration_s", 20},
      {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 100}}}}},
      {"cache", {{"enabled", false}}},
      {"origin", {{"connections", 1000}, {"service_s", {{"type", "deterministic"}, {"value", 0.15}}}}},
      {"client", {{"timeout_s", 1.0}, {"slo_latency_s", slo}}},
  });
  const auto result = run::simulate(scenario, 0);
  const auto summary = analysis::summary_json(*result.metrics, result.facts);
  const auto& requests = summary["requests"];
  const double ended = requests["total"].get<double>() - requests["unfinished"].get<double>();
  EXPECT_GT(requests["unfinished"].get<double>(), 0.0);
  EXPECT_EQ(requests["ok"].get<double>(), ended);
  EXPECT_EQ(requests["slow"].get<double>(), all_slow ? ended : 0.0);
  EXPECT_EQ(requests["slow_ratio"].get<double>(), all_slow ? 1.0 : 0.0);
  EXPECT_NEAR(summary["latency_s"]["p50"].get<double>(), 0.15, 0.15 / 256) << "a bucket midpoint";
}

TEST(RequestPath, SlowRatioCountsEveryEndedRequestOverTheSlo) { expect_slow_share(0.1, true); }

TEST(RequestPath, SlowRatioIsZeroWhenEveryRequestMeetsTheSlo) { expect_slow_share(0.2, false); }

}  // namespace
}  // namespace cachestorm
