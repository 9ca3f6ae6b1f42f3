// The strategies against known answers on one hot key (zero network latency, free shard
// commands, an origin that takes exactly L and never queues), read from the refill-cycle
// metrics (models/app/stampede_ledger.hpp):
//  - unprotected: 1 + λL fetches per refill (Vattani et al., PVLDB 2015, §2);
//  - single_flight in one instance: exactly 1; in N instances: 1 + (N − 1)(1 − e^{−λL/N}),
//    since each other instance fetches once if any of its Poisson(λ/N) reads falls in the L
//    the first fetch takes, so the mean tends to N as λL grows;
//  - stale_while_revalidate: one fetch per cycle, no hard miss, no value served more than
//    grace_s past its freshness (and, on a hot key, not more than L past the first stale read).
// Each run uses the plain request path (run::simulate_without_engine), several per process.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "integration/test_scenarios.hpp"
#include "run/simulate.hpp"

namespace cachestorm {
namespace {

using nlohmann::json;

// One hot key read at rate_per_s by `apps` instances (one client each), TTL 1 s, origin L = 0.1 s.
json hot_key(double rate_per_s, uint32_t apps, json strategies, double duration_s = 500, bool warm = true) {
  json document = {
      {"duration_s", duration_s},
      {"workload",
       {{"arrivals", {{"type", "poisson"}, {"rate_per_s", rate_per_s}}},
        {"key_classes", json::array({{{"name", "hot"}, {"keys", {{"type", "uniform"}, {"count", 1}}}, {"ttl_s", 1.0},
                                      {"strategies", strategies}}})}}},
      {"cache", {{"warm_start", warm}}},
      {"origin", {{"connections", 100000}, {"service_s", {{"type", "deterministic"}, {"value", 0.1}}}}},
      {"client", {{"timeout_s", nullptr}}},
  };
  document["topology"] = testing::zero_latency_topology();
  document["topology"]["clients"] = apps;
  document["topology"]["app_instances"] = apps;
  return document;
}

// The run's histogram of one latency-kind family, over every window and label.
models::LatencyHistogram merged(const models::MetricTable& table, const std::string& name) {
  models::LatencyHistogram all;
  for (models::SeriesId id = 0; id < table.all_series().size(); ++id)
    if (name == table.all_series()[id].family->name)
      for (size_t w = 0; w < table.closed_windows(); ++w) all.merge(table.latency(w, id));
  return all;
}

struct Cycles {
  uint64_t count;
  double mean, max;
};

Cycles refill_cycles(const run::RunResult& result) {
  const auto h = merged(*result.metrics, "key_class_fetches_per_refill");
  return {h.count(), h.count() ? h.mean() : 0.0, h.count() ? h.quantile(1.0) : 0.0};
}

TEST(StampedeStrategies, UnprotectedRefillCyclesHoldOnePlusLambdaLFetchesAllButOneDuplicate) {
  // λ = 1000/s, L = 0.1 s: 101. ~416 cycles of Poisson(100) + 1: standard error ~0.5; 3 %.
  const auto result = run::simulate_without_engine(testing::scenario_from(hot_key(1000, 1, json::array())), 0);
  const testing::MetricView m(*result.metrics);
  const Cycles cycles = refill_cycles(result);
  ASSERT_GT(cycles.count, 400u);
  std::printf("[ measured ] unprotected: %.3f fetches per refill over %llu cycles, closed form 101 (%+.2f %%)\n",
              cycles.mean, static_cast<unsigned long long>(cycles.count), 100 * (cycles.mean / 101 - 1));
  EXPECT_NEAR(cycles.mean / 101.0, 1.0, 0.03);
  // Every fetch of a cycle after its first starts while the first is in flight (all within L):
  // duplicates = fetches − cycles exactly, give or take the fetches of the cycle still open at the
  // end (counted as fetches, not filed as a cycle).
  const double filed = cycles.mean * static_cast<double>(cycles.count);
  EXPECT_NEAR(m.total("key_class_duplicate_fetches"), filed - static_cast<double>(cycles.count),
              m.total("key_class_refill_fetches") - filed + 0.5);
  // The largest of 416 draws of 1 + Poisson(100) falls below 101 with probability ~0.5^416.
  EXPECT_GE(m.peak("key_class_key_fetch_peak"), 101);
}

TEST(StampedeStrategies, AnOverloadedOriginsUnfilledCyclesKeepEveryFetchCounted) {
  // The hot key expires at 1 s; its first fetch holds the origin's one connection for 1000 s and
  // every later one gives up in the queue after 0.5 s, so no fill ever lands: one cycle, never
  // filed, holding every refill fetch of the run (~1000/s for 59 s). The summary must show them.
  json document = hot_key(1000, 1, json::array(), 60);
  document["origin"] = {{"connections", 1}, {"queue_timeout_s", 0.5}, {"service_s", {{"type", "deterministic"}, {"value", 1000.0}}}};
  const auto result = run::simulate_without_engine(testing::scenario_from(document), 0);
  const testing::MetricView m(*result.metrics);
  const auto per_refill = merged(*result.metrics, "key_class_fetches_per_refill");
  const double filed = per_refill.count() ? per_refill.mean() * static_cast<double>(per_refill.count()) : 0.0;
  std::printf("[ measured ] overloaded: %llu cycles filed holding %.0f fetches, %.0f unfilled holding %.0f, of %.0f\n",
              static_cast<unsigned long long>(per_refill.count()), filed, m.total("key_class_unfilled_cycles"),
              m.total("key_class_unfilled_fetches"), m.total("key_class_refill_fetches"));
  EXPECT_EQ(per_refill.count(), 0u);
  EXPECT_EQ(m.total("key_class_unfilled_cycles"), 1.0);
  EXPECT_GT(m.total("key_class_unfilled_fetches"), 55000.0);  // Poisson(59 000), sd ~243
  EXPECT_EQ(filed + m.total("key_class_unfilled_fetches"), m.total("key_class_refill_fetches"));
}

TEST(StampedeStrategies, SingleFlightInOneInstanceFetchesExactlyOncePerRefill) {
  const json single_flight = json::array({{{"type", "single_flight"}}});
  const auto result = run::simulate_without_engine(testing::scenario_from(hot_key(1000, 1, single_flight)), 0);
  const testing::MetricView m(*result.metrics);
  const Cycles cycles = refill_cycles(result);
  ASSERT_GT(cycles.count, 400u);
  EXPECT_EQ(cycles.mean, 1.0);
  EXPECT_EQ(m.total("key_class_duplicate_fetches"), 0.0);
  EXPECT_EQ(m.peak("key_class_key_fetch_peak"), 1.0);
  // The misses that did not fetch waited: Poisson(λL = 100) per cycle, whose mean over ~416
  // cycles has standard error 0.5 (tolerance 3 = 6 standard errors); every request ended ok.
  EXPECT_NEAR(m.total("key_class_coalesced_misses") / static_cast<double>(cycles.count), 100.0, 3.0);
  EXPECT_EQ(m.total("ok") + m.total("unfinished"), m.total("requests"));
}

TEST(StampedeStrategies, SingleFlightPerInstanceFetchesBetweenOneAndNTendingToN) {
  const json single_flight = json::array({{{"type", "single_flight"}}});
  // λ = 10/s over 4 instances, L = 0.1: 1 + 3(1 − e^{−0.25}) = 1.6636. ~2500 cycles in 3000 s;
  // the per-cycle count has sd ~0.7, so the mean's standard error is ~0.014; tolerance 0.05.
  const auto sparse = run::simulate_without_engine(testing::scenario_from(hot_key(10, 4, single_flight, 3000)), 0);
  const Cycles few = refill_cycles(sparse);
  const double expected = 1.0 + 3.0 * (1.0 - std::exp(-0.25));
  std::printf("[ measured ] single_flight x4, lambda L = 1: %.4f fetches per refill over %llu cycles, closed form %.4f\n",
              few.mean, static_cast<unsigned long long>(few.count), expected);
  ASSERT_GT(few.count, 2000u);
  EXPECT_NEAR(few.mean, expected, 0.05);
  EXPECT_LE(few.max, 4.0 * 1.004);
  // λL = 100: each instance has 25 reads in the window; missing one has probability e^{−25}.
  const auto dense = run::simulate_without_engine(testing::scenario_from(hot_key(1000, 4, single_flight)), 0);
  const Cycles many = refill_cycles(dense);
  ASSERT_GT(many.count, 400u);
  EXPECT_EQ(many.mean, 4.0);
}

json distributed(json lock) {
  json strategy = {{"type", "single_flight"}, {"scope", "distributed"}};
  strategy.update(lock);
  return json::array({strategy});
}

TEST(StampedeStrategies, DistributedSingleFlightFetchesExactlyOncePerRefillAcrossInstances) {
  // 4 instances, λL = 100: the first miss anywhere takes the lock in the shard and fetches; the
  // others poll until the value is there (the holder reads the cache once more after it gets the
  // lock, so a poller whose miss raced the fill does not fetch again).
  const auto result = run::simulate_without_engine(
      testing::scenario_from(hot_key(1000, 4, distributed({{"max_wait_s", 100}}))), 0);
  const testing::MetricView m(*result.metrics);
  const Cycles cycles = refill_cycles(result);
  std::printf("[ measured ] distributed single_flight x4: %.4f fetches per refill over %llu cycles; %.0f lock "
              "denials, %.0f polls\n", cycles.mean, static_cast<unsigned long long>(cycles.count),
              m.total("key_class_lock_denied"), m.total("key_class_lock_polls"));
  ASSERT_GT(cycles.count, 400u);
  EXPECT_EQ(cycles.mean, 1.0);
  EXPECT_LE(cycles.max, 1.0 * 1.004);  // the histogram's largest bucket bound (0.4 % wide)
  EXPECT_EQ(m.total("key_class_duplicate_fetches"), 0.0);
  EXPECT_EQ(m.total("origin_queries_arrived"), m.total("key_class_refill_fetches"));
  EXPECT_GT(m.total("key_class_lock_denied"), 50.0 * static_cast<double>(cycles.count));
  EXPECT_EQ(m.total("key_class_lock_wait_timeouts"), 0.0);
  EXPECT_EQ(m.total("ok") + m.total("unfinished"), m.total("requests"));
}

TEST(StampedeStrategies, ALockThatExpiresBeforeItsFetchEndsLetsTheNextWaiterFetch) {
  // Lock TTL 35 ms, fetch 100 ms, polls every 10 ms: the lock is taken at 0, again within 10 ms
  // after it expires at 35 ms (≤ 45 ms) and again after that one expires (≤ 90 ms); the next
  // expiry (≥ 105 ms) comes after the first fill (~100 ms). Exactly 3 fetches per refill.
  const json lock = {{"lock_ttl_s", 0.035}, {"poll_s", 0.01}, {"max_poll_s", 0.01}, {"max_wait_s", 100}};
  const auto result = run::simulate_without_engine(testing::scenario_from(hot_key(1000, 4, distributed(lock))), 0);
  const Cycles cycles = refill_cycles(result);
  ASSERT_GT(cycles.count, 400u);
  EXPECT_EQ(cycles.mean, 3.0);
  EXPECT_LE(cycles.max, 3.0 * 1.004);
}

TEST(StampedeStrategies, WaitersWhoseBudgetRunsOutReadTheOriginOrFail) {
  // max_wait_s 20 ms against a 100 ms fetch: every denied request runs out of wait.
  const json origin = {{"max_wait_s", 0.02}};
  const auto reads = run::simulate_without_engine(testing::scenario_from(hot_key(1000, 4, distributed(origin), 100)), 0);
  const testing::MetricView r(*reads.metrics);
  ASSERT_GT(r.total("key_class_lock_wait_timeouts"), 1000.0);
  EXPECT_EQ(r.total("errors"), 0.0);
  EXPECT_EQ(r.total("origin_queries_arrived"), r.total("key_class_refill_fetches") + r.total("key_class_lock_wait_timeouts"));
  EXPECT_EQ(refill_cycles(reads).mean, 1.0);  // those reads do not write back: still one refill fetch
  json fail = origin;
  fail["on_wait_timeout"] = "fail";
  const auto fails = run::simulate_without_engine(testing::scenario_from(hot_key(1000, 4, distributed(fail), 100)), 0);
  const testing::MetricView f(*fails.metrics);
  EXPECT_GT(f.total("key_class_lock_wait_timeouts"), 1000.0);
  EXPECT_EQ(f.total("errors"), f.total("key_class_lock_wait_timeouts"));
  EXPECT_EQ(f.total("origin_queries_arrived"), f.total("key_class_refill_fetches"));
}

json leased(json lease) {
  json strategy = {{"type", "single_flight"}, {"scope", "lease"}};
  strategy.update(lease);
  return json::array({strategy});
}

TEST(StampedeStrategies, LeasesFetchExactlyOncePerRefillAcrossInstances) {
  // The shard hands the hot key's lease to the first miss; the others get hot misses and poll.
  const auto result = run::simulate_without_engine(testing::scenario_from(hot_key(1000, 4, leased({{"max_wait_s", 100}}))), 0);
  const testing::MetricView m(*result.metrics);
  const Cycles cycles = refill_cycles(result);
  std::printf("[ measured ] leases x4: %.4f fetches per refill over %llu cycles; %.0f hot misses\n", cycles.mean,
              static_cast<unsigned long long>(cycles.count), m.total("key_class_lock_denied"));
  ASSERT_GT(cycles.count, 400u);
  EXPECT_EQ(cycles.mean, 1.0);
  EXPECT_EQ(m.total("key_class_duplicate_fetches"), 0.0);
  EXPECT_EQ(m.total("origin_queries_arrived"), m.total("key_class_refill_fetches"));
  EXPECT_EQ(m.total("shard_lease_rejected_sets"), 0.0);
  EXPECT_EQ(m.total("shard_fills"), static_cast<double>(cycles.count));  // every fill is a lease holder's
  EXPECT_GT(m.total("key_class_lock_denied"), 50.0 * static_cast<double>(cycles.count));
}

TEST(StampedeStrategies, ALeaseShorterThanTheFetchNeverLetsAValueLand) {
  // Lease 35 ms, fetch 100 ms: by the time a holder's SET arrives its lease has expired and gone
  // to a poller, so every SET is rejected and the key, expired at 1 s, is never filled again.
  const json lease = {{"lock_ttl_s", 0.035}, {"poll_s", 0.01}, {"max_poll_s", 0.01}, {"max_wait_s", 100}};
  const auto result = run::simulate_without_engine(testing::scenario_from(hot_key(1000, 4, leased(lease), 30)), 0);
  const testing::MetricView m(*result.metrics);
  EXPECT_EQ(m.total("shard_fills"), 0.0);
  // A new holder at least every 45 ms (35 ms lease + at most one 10 ms poll) from 1 s to 30 s:
  // >= 644 SETs, each rejected, less the last few whose SET would land after the end.
  EXPECT_GT(m.total("shard_lease_rejected_sets"), 600.0);
  EXPECT_EQ(m.total("key_class_unfilled_cycles"), 1.0);
  EXPECT_EQ(m.total("key_class_unfilled_fetches"), m.total("key_class_refill_fetches"));
}

TEST(StampedeStrategies, StaleWhileRevalidateRefreshesOncePerCycleWithoutHardMisses) {
  const json swr = json::array({{{"type", "stale_while_revalidate"}, {"grace_s", 0.5}}});
  const auto hot = run::simulate_without_engine(testing::scenario_from(hot_key(1000, 1, swr)), 0);
  const testing::MetricView m(*hot.metrics);
  const Cycles cycles = refill_cycles(hot);
  ASSERT_GT(cycles.count, 400u);
  EXPECT_EQ(cycles.mean, 1.0);
  EXPECT_EQ(m.total("key_class_misses"), 0.0);
  // Stale reads last while the refresh is in flight: from the first read past freshness (an
  // Exp(1000/s) wait; over 20 ms has probability e^{-20} per cycle) to L = 0.1 s after it.
  const auto age = merged(*hot.metrics, "key_class_stale_age_s");
  ASSERT_GT(age.count(), 0u);
  std::printf("[ measured ] swr hot key: %.1f stale reads per cycle, oldest %.4f s past freshness (L = 0.1)\n",
              static_cast<double>(age.count()) / static_cast<double>(cycles.count), age.quantile(1.0));
  EXPECT_LE(age.quantile(1.0), (0.1 + 0.02) * 1.004);
  EXPECT_GT(age.quantile(1.0), 0.1);
  // A cold key (1 read/s): stale reads come anywhere in the grace window, never past it. A cycle
  // lasts about T + 1/λ = 2 s, and its first read after freshness falls in the 0.5 s grace with
  // probability 1 − e^{−0.5} = 0.39: ~980 stale reads in 5000 s, and the latest of them passes
  // 0.4 s with probability 1 − (1 − P(age > 0.4 | stale))^980 ≈ 1.
  const auto cold = run::simulate_without_engine(testing::scenario_from(hot_key(1, 1, swr, 5000)), 0);
  const auto cold_age = merged(*cold.metrics, "key_class_stale_age_s");
  ASSERT_GT(cold_age.count(), 500u);
  EXPECT_LE(cold_age.quantile(1.0), 0.5 * 1.004);
  EXPECT_GT(cold_age.quantile(1.0), 0.4);
}

TEST(StampedeStrategies, XFetchWithBetaOneAlmostNeverLetsTheHotKeyExpire) {
  // λΔ = 100 (Δ = L = 0.1 s): a cycle without an early recompute has probability e^{−λΔβ}.
  // Only the first fill (a cold start: no Δ known yet) is a stampede of ~1 + λL misses.
  const json xfetch = json::array({{{"type", "xfetch"}, {"beta", 1.0}}});
  const auto protected_run = run::simulate_without_engine(testing::scenario_from(hot_key(1000, 1, xfetch, 500, false)), 0);
  const auto plain_run = run::simulate_without_engine(testing::scenario_from(hot_key(1000, 1, json::array(), 500, false)), 0);
  const testing::MetricView p(*protected_run.metrics), plain(*plain_run.metrics);
  std::printf("[ measured ] hard misses: xfetch %.0f, unprotected %.0f; early recomputes %.0f\n",
              p.total("key_class_misses"), plain.total("key_class_misses"), p.total("key_class_early_recomputes"));
  // Unprotected: ~416 cycles of 1 + λL = 101 misses (~42 000). XFetch: only the first cycle's
  // 1 + Poisson(100) misses (sd 10), then at least one early recompute in each of the ~490
  // cycles of ~1.02 s (T plus the wait for the first read) that follow.
  EXPECT_GT(plain.total("key_class_misses"), 30000.0);
  EXPECT_LT(p.total("key_class_misses"), 200.0);
  EXPECT_GT(p.total("key_class_early_recomputes"), 400.0);
}

}  // namespace
}  // namespace cachestorm

namespace cachestorm {
namespace {

// 1000 req/s over 1000 keys, all cached; the one shard is down from 10 s to 40 s. Every GET
// during the outage waits app.cache_timeout_s (50 ms) for nothing, unless a breaker stops it.
json outage(json strategies) {
  json document = {
      {"duration_s", 60},
      {"workload",
       {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 1000}}},
        {"key_classes", json::array({{{"keys", {{"type", "uniform"}, {"count", 1000}}}, {"ttl_s", 1000.0},
                                      {"strategies", strategies}}})}}},
      {"cache", {{"warm_start", true}}},
      {"origin", {{"connections", 1000}, {"service_s", {{"type", "deterministic"}, {"value", 0.001}}}}},
      {"faults", json::array({{{"type", "cache_down"}, {"node", 0}, {"at_s", 10}, {"duration_s", 30}}})},
  };
  return document;
}

TEST(CircuitBreakerStrategy, OnceOpenItStopsRequestsPayingTheCacheTimeout) {
  // Opening takes 50 failures of the last 100 calls: the 50th call after the fault (~50 ms in)
  // fails 50 ms later, and the ~50 calls sent meanwhile fail too: ~100 give-ups (Poisson, sd ~7).
  // Then half-open lets 10 calls try, and fail, at 15, 20, 25, 30 and 35 s (50 more); the trial
  // after 40 s succeeds and closes it. Expected ~150 give-ups instead of ~30 000 (30 s at
  // 1000/s); tolerance ±40 (over 5 sd).
  const json breaker = json::array({{{"type", "circuit_breaker"}, {"wait_in_open_s", 5}}});
  const auto guarded = run::simulate_without_engine(testing::scenario_from(outage(breaker)), 0);
  const auto plain = run::simulate_without_engine(testing::scenario_from(outage(json::array())), 0);
  const testing::MetricView g(*guarded.metrics), p(*plain.metrics);
  std::printf("[ measured ] cache give-ups: breaker %.0f, none %.0f; opened %.0f, closed %.0f, refused %.0f\n",
              g.total("app_cache_give_ups"), p.total("app_cache_give_ups"), g.total("key_class_breaker_opened"),
              g.total("key_class_breaker_closed"), g.total("key_class_breaker_refused"));
  EXPECT_GT(p.total("app_cache_give_ups"), 29000.0);
  EXPECT_NEAR(g.total("app_cache_give_ups"), 150.0, 40.0);
  EXPECT_EQ(g.total("key_class_breaker_opened"), 6.0);  // at ~10 s, then after each trial at 15 … 35 s
  EXPECT_EQ(g.total("key_class_breaker_closed"), 1.0);  // the first trial after 40 s
  // Fail-open: every request still got its value.
  EXPECT_EQ(g.total("errors"), 0.0);
  // Fail-closed answers the refused requests with an error instead.
  json closed = breaker;
  closed[0]["mode"] = "fail_closed";
  const auto failing = run::simulate_without_engine(testing::scenario_from(outage(closed)), 0);
  const testing::MetricView f(*failing.metrics);
  EXPECT_EQ(f.total("errors"), f.total("key_class_breaker_refused"));
  EXPECT_GT(f.total("errors"), 29000.0);
}

// A breaker hears each call's result when its reply reaches the instance, not when the shard
// serves the GET (where a hit's reply is already known): one key, a GET every 0.1 ms (periodic),
// free commands, 0.225 ms each way to the shard, so every reply comes 0.45 ms after its GET. All
// calls are slow (slow_call_duration_s 0.1 ms), so with a window of 10 the breaker opens exactly
// when the 10th reply arrives, at 1.0 + 0.45 = 1.45 ms. The requests reaching the instance
// before that (0.1 … 1.4 ms: 14) go to the cache; every later one is refused. Had the results
// been taken at the shard (1.225 ms), 12 would have gone; one reply late, 15.
TEST(CircuitBreakerStrategy, HearsEachResultWhenItsReplyArrivesNotWhenTheShardServesIt) {
  const json breaker = json::array({{{"type", "circuit_breaker"},
                                     {"window_size", 10},
                                     {"minimum_calls", 10},
                                     {"slow_call_duration_s", 0.0001},
                                     {"wait_in_open_s", 1000}}});
  json document = {
      {"duration_s", 0.00995},  // not 0.01: the 100th send, summed from gaps, may fall just short of it
      {"workload",
       {{"arrivals", {{"type", "periodic"}, {"rate_per_s", 10000}}},
        {"key_classes", json::array({{{"keys", {{"type", "uniform"}, {"count", 1}}}, {"ttl_s", 1000.0},
                                      {"strategies", breaker}}})}}},
      {"cache", {{"warm_start", true}}},
      {"origin", {{"connections", 1000}, {"service_s", {{"type", "deterministic"}, {"value", 0.001}}}}},
  };
  document["topology"] = testing::zero_latency_topology();
  document["topology"]["cache_link"]["latency_s"] = 0.000225;
  const auto run = run::simulate_without_engine(testing::scenario_from(document), 0);
  const testing::MetricView m(*run.metrics);
  const double requests = m.total("app_requests");
  EXPECT_EQ(requests, 99.0);  // at 0.1 … 9.9 ms
  EXPECT_EQ(m.total("key_class_breaker_opened"), 1.0);
  EXPECT_EQ(m.total("key_class_breaker_refused"), requests - 14.0);
  EXPECT_EQ(m.total("key_class_hits"), 14.0);
  ASSERT_EQ(run.state_changes.changes().size(), 1u);
  EXPECT_NEAR(run.state_changes.changes()[0].at_s, 0.00145, 1e-12);
  EXPECT_EQ(run.state_changes.changes()[0].state, "open");
}

// The run's state changes (events.jsonl): the shard down at 10 s and up at 40 s, exactly; the
// breaker's transitions in the only order resilience4j allows (closed -> open -> half_open ->
// open ... -> half_open -> closed), each half-open more than wait_in_open_s after its open, as
// many opens and closes as the metrics count; the time open runs from the trip to the close, or
// to the end of the run if the breaker never closes.
TEST(CircuitBreakerStrategy, TheEventLogShowsTheOutageAndEveryBreakerTransitionInOrder) {
  const json breaker = json::array({{{"type", "circuit_breaker"}, {"wait_in_open_s", 5}}});
  const auto run = run::simulate_without_engine(testing::scenario_from(outage(breaker)), 0);
  const auto& changes = run.state_changes.changes();
  std::vector<models::StateChange> shard, breaker_changes;
  for (const auto& change : changes) {
    if (change.component == "cache.shards.0") shard.push_back(change);
    else breaker_changes.push_back(change);
  }
  ASSERT_EQ(shard.size(), 2u);
  EXPECT_EQ(shard[0].at_s, 10.0);
  EXPECT_EQ(shard[0].state, "down");
  EXPECT_EQ(shard[1].at_s, 40.0);
  EXPECT_EQ(shard[1].state, "up");
  const testing::MetricView m(*run.metrics);
  ASSERT_EQ(breaker_changes.size(), 13u);  // 6 x (open, half_open), then closed
  for (size_t i = 0; i < breaker_changes.size(); ++i) {
    const auto& c = breaker_changes[i];
    EXPECT_EQ(c.component, "app.0.key_classes." + testing::scenario_from(outage(breaker)).workload.key_classes[0].name +
                               ".breaker");
    EXPECT_EQ(c.state, i == 12 ? "closed" : i % 2 == 0 ? "open" : "half_open") << i;
    if (i % 2 == 1) {
      EXPECT_GT(c.at_s, breaker_changes[i - 1].at_s + 5.0) << i;
    }
    if (i > 0) {
      EXPECT_GE(c.at_s, breaker_changes[i - 1].at_s) << i;
    }
  }
  EXPECT_GT(breaker_changes.front().at_s, 10.0);
  EXPECT_LT(breaker_changes.front().at_s, 10.2);  // ~50 failed calls at 1000/s, each known 50 ms late
  EXPECT_GT(breaker_changes.back().at_s, 40.0);
  EXPECT_EQ(m.total("key_class_breaker_opened"), 6.0);
  EXPECT_EQ(m.total("key_class_breaker_closed"), 1.0);
  EXPECT_EQ(run.state_changes.dropped(), 0u);
  // Time open: from the trip to the close, one breaker.
  const double open_s = breaker_changes.back().at_s - breaker_changes.front().at_s;
  EXPECT_DOUBLE_EQ(m.total("key_class_breaker_open_s"), open_s);
  EXPECT_DOUBLE_EQ(m.peak("key_class_breaker_longest_open_s"), open_s);

  // A shard that never comes back: the breaker never closes, and is open from its trip to the end.
  json forever = outage(breaker);
  forever["faults"][0]["duration_s"] = nullptr;
  const auto stuck = run::simulate_without_engine(testing::scenario_from(forever), 0);
  const testing::MetricView s(*stuck.metrics);
  ASSERT_FALSE(stuck.state_changes.changes().empty());
  const double tripped = stuck.state_changes.changes().at(1).at_s;  // after the shard's "down"
  EXPECT_EQ(stuck.state_changes.changes().at(1).state, "open");
  EXPECT_EQ(s.total("key_class_breaker_closed"), 0.0);
  EXPECT_DOUBLE_EQ(s.total("key_class_breaker_open_s"), std::nextafter(60.0, 0.0) - tripped);
  EXPECT_DOUBLE_EQ(s.peak("key_class_breaker_longest_open_s"), std::nextafter(60.0, 0.0) - tripped);
}

}  // namespace
}  // namespace cachestorm
