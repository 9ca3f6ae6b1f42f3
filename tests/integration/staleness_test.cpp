// Writes and version-exact staleness (models/writes) against known answers. The set-up makes the
// timings exact: one key read 1000 times a second, always cached (warm start, no TTL unless a
// test gives one), free shard commands, deterministic origin times (read 1 ms, write 2 ms),
// writes once a second (periodic arrivals), and links whose latencies add up on each route
// (a route crosses both hosts' links): instance -> origin o + a = 1.5 ms, instance -> shard
// a + c = 2.5 ms, so a source update's news reaches the shard L = 4 ms after it is made.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "analysis/run_report.hpp"
#include "integration/test_scenarios.hpp"
#include "run/simulate.hpp"

namespace cachestorm {
namespace {

using nlohmann::json;

constexpr double kApp = 0.0005, kCache = 0.002, kOrigin = 0.001;
constexpr double kToOrigin = kOrigin + kApp, kToShard = kApp + kCache;
constexpr double kNewsToShard = kToOrigin + kToShard;  // L: update made -> its DEL or SET at the shard
// A fill's path: origin read 1 ms, answer to the instance, SET to the shard.
constexpr double kFillPath = 0.001 + kToOrigin + kToShard;
// How long after the first of a burst of misses' fills lands the last can land: its GET ran
// before the first fill landed, its reply took a + c, then its own fill path.
constexpr double kFillSpread = kToShard + kFillPath;

json link(double latency_s) { return {{"latency_s", latency_s}, {"bandwidth_Bps", 1e300}}; }

json one_written_key(json writes, json ttl_s = nullptr, double read_rate = 1000.0) {
  return {{"duration_s", 30},
          {"topology", {{"client_link", link(0.0)}, {"app_link", link(kApp)}, {"cache_link", link(kCache)},
                        {"origin_link", link(kOrigin)}}},
          {"workload",
           {{"arrivals", {{"type", "poisson"}, {"rate_per_s", read_rate}}},
            {"key_classes", json::array({{{"keys", {{"type", "uniform"}, {"count", 1}}},
                                          {"ttl_s", ttl_s},
                                          {"writes", writes}}})}}},
          {"cache", {{"warm_start", true}}},
          {"origin",
           {{"connections", 100},
            {"service_s", {{"type", "deterministic"}, {"value", 0.001}}},
            {"write_service_s", {{"type", "deterministic"}, {"value", 0.002}}}}}};
}

json periodic_writes(const char* type, json extra = json::object()) {
  json writes = {{"type", type}, {"arrivals", {{"type", "periodic"}, {"rate_per_s", 1.0}}}};
  writes.update(extra);
  return writes;
}

json summary_of(const json& document) {
  const auto scenario = testing::scenario_from(document);
  const auto run = run::simulate_without_engine(scenario, 0);
  return analysis::summary_json(*run.metrics, run.facts);
}

TEST(Staleness, WriteThroughWindowsLastExactlyTheUpdatesWayToTheShardAndNoLaterReadIsStale) {
  const json s = summary_of(one_written_key(periodic_writes("write_through")));
  const json& st = s["staleness"];
  EXPECT_EQ(s["writes"]["arrived"], 29);  // at 1, 2, ..., 29 s
  EXPECT_EQ(s["writes"]["source_updates"], 29);
  EXPECT_EQ(st["stale_populates"], 0);
  // Each update opens a window (the key is always cached) that its SET closes L later.
  EXPECT_EQ(st["inconsistency_windows"]["closed"], 29);
  EXPECT_NEAR(st["inconsistency_windows"]["longest_s"].get<double>(), kNewsToShard, 1e-9);
  EXPECT_NEAR(st["inconsistency_windows"]["mean_s"].get<double>(), kNewsToShard, 1e-9);
  // Reads inside the windows (about 1000/s x 4 ms x 29) are stale, by less than L; none after
  // the SET landed sees the old version (its age would be >= L).
  EXPECT_GT(st["stale_reads"].get<int>(), 29 * 2);
  EXPECT_LT(st["stale_reads"].get<int>(), 29 * 8);
  EXPECT_LT(st["stale_read_age_s"]["max"].get<double>(), kNewsToShard);
}

TEST(Staleness, AnInvalidationDelayOfDAddsExactlyDToEveryWindow) {
  // "none" + invalidation: the DEL leaves the writing instance D after the update, then takes
  // a + c to the shard. Windows: D + 2.5 ms, whatever D.
  for (const double d : {0.0, 0.25}) {
    const json s = summary_of(one_written_key(
        periodic_writes("none", {{"invalidation", {{"delay_s", {{"type", "deterministic"}, {"value", d}}}}}})));
    const json& windows = s["staleness"]["inconsistency_windows"];
    EXPECT_EQ(windows["closed"], 29) << "D = " << d;
    EXPECT_NEAR(windows["longest_s"].get<double>(), d + kToShard, 1e-9) << "D = " << d;
    EXPECT_NEAR(windows["mean_s"].get<double>(), d + kToShard, 1e-9) << "D = " << d;
    EXPECT_EQ(s["staleness"]["stale_populates"], 0) << "D = " << d;
  }
}

TEST(Staleness, StaleHitsAreTheReadsInsideEachWindowAgedFromItsUpdate) {
  // No TTL and a DEL W = D + a + c after each update: a GET reaching the shard within W of an
  // update reads the superseded value, aged by the time since the update; no other read is
  // stale. Reads reach the shard as a Poisson stream of 1000/s, so the stale reads number
  // Poisson(1000 x 29 x W) (sd ~86: 5 % is over 4 sd) and their ages are uniform on [0, W).
  const double d = 0.25, w = d + kToShard;
  const json s = summary_of(one_written_key(
      periodic_writes("none", {{"invalidation", {{"delay_s", {{"type", "deterministic"}, {"value", d}}}}}})));
  const json& st = s["staleness"];
  const double expected = 1000.0 * 29 * w;
  EXPECT_NEAR(st["stale_reads"].get<double>(), expected, 0.05 * expected);
  EXPECT_LT(st["stale_read_age_s"]["max"].get<double>(), w);
  EXPECT_GT(st["stale_read_age_s"]["max"].get<double>(), w - 0.01);  // a gap of 10 ms: e^-10 per window
  EXPECT_NEAR(st["stale_read_age_s"]["p50"].get<double>(), w / 2, 0.05 * w);
  // Uniform ages: p99 = 0.99 W within the histogram's 0.8 %, and never past the exact oldest.
  EXPECT_NEAR(st["stale_read_age_s"]["p99"].get<double>(), 0.99 * w, 0.01 * w);
  EXPECT_LE(st["stale_read_age_s"]["p99"].get<double>(), st["stale_read_age_s"]["max"].get<double>());
  EXPECT_EQ(st["stale_populates"], 0);  // nothing is fetched: the key never leaves the cache for long
}

TEST(Staleness, ABudgetCountsExactlyTheValuesServedOlderThanItsAge) {
  // The set-up above: stale ages uniform on [0, W). A budget of age 0 counts every stale read
  // (none is read at the very instant of its update), one of age W none, one of W/2 about half
  // (Binomial(~7300, 1/2): sd ~43, so 5 % is over 4 sd); the fraction is of the values served.
  const double d = 0.25, w = d + kToShard;
  const auto staleness_with_budget = [&](double age) {
    json document = one_written_key(
        periodic_writes("none", {{"invalidation", {{"delay_s", {{"type", "deterministic"}, {"value", d}}}}}}));
    document["workload"]["key_classes"][0]["name"] = "item";
    document["workload"]["key_classes"][0]["staleness_budget"] = {{"age_s", age}, {"max_fraction", 0.1}};
    const json staleness = summary_of(document)["key_classes"]["item"]["staleness"];
    const json& budget = staleness["budget"];
    EXPECT_EQ(budget["age_s"], age);
    const double older = budget["reads_older"], served = staleness["values_served"];
    EXPECT_DOUBLE_EQ(budget["fraction_older"].get<double>(), older / served) << "age " << age;
    EXPECT_EQ(budget["met"], older / served <= 0.1) << "age " << age;
    return staleness;
  };
  const json all = staleness_with_budget(0.0);
  EXPECT_EQ(all["budget"]["reads_older"], all["stale_reads"]);
  EXPECT_EQ(all["budget"]["met"], false);  // ~24 % of values served are stale
  const json none = staleness_with_budget(w);
  EXPECT_EQ(none["budget"]["reads_older"], 0);
  EXPECT_EQ(none["budget"]["met"], true);
  const json half = staleness_with_budget(w / 2);
  const double stale = half["stale_reads"];
  EXPECT_NEAR(half["budget"]["reads_older"].get<double>(), stale / 2, 0.05 * stale / 2);
}

TEST(Staleness, AnOutOfBandWriterIsBoundedByTheTtlPlusTheFillPath) {
  // Only the TTL (2 s) ends a superseded value. A value read from the origin at t0 lands
  // F = 1 ms + o + a + a + c = 5 ms later and expires TTL after that; the source can move past it
  // from t0 on, so a read's age stays below TTL + F, and a window (from the update or the store)
  // below TTL, unless more superseded values land while it is open: each later fill of the
  // burst of misses after an expiry extends it to its own expiry, so windows stay below
  // TTL + kFillSpread. Writes every 50 ms supersede each value within 50 ms of its read, so the
  // last reads before each expiry come within 50 ms of the bound.
  const double ttl = 2.0, fill_path = kFillPath;
  json writes = periodic_writes("none");
  writes["arrivals"]["rate_per_s"] = 20.0;
  const json s = summary_of(one_written_key(writes, ttl));
  const json& st = s["staleness"];
  const double max_age = st["stale_read_age_s"]["max"];
  EXPECT_LE(max_age, ttl + fill_path);
  EXPECT_GT(max_age, ttl + fill_path - 0.05);
  EXPECT_LE(st["inconsistency_windows"]["longest_s"].get<double>(), ttl + kFillSpread);
  EXPECT_GT(st["stale_read_ratio"].get<double>(), 0.9);  // all but the first 50 ms of each TTL
}

TEST(Staleness, LostInvalidationsLeaveWindowsBoundedByTheTtl) {
  const double ttl = 3.0;
  const json s = summary_of(one_written_key(
      periodic_writes("none", {{"invalidation", {{"delay_s", {{"type", "deterministic"}, {"value", 0.0}}},
                                                 {"lost_fraction", 0.5}}}}),
      ttl));
  const json& st = s["staleness"];
  const int lost = s["writes"]["invalidations_lost"];
  EXPECT_GT(lost, 5);   // about half of 29
  EXPECT_LT(lost, 24);
  // A lost invalidation leaves the value until its expiry: at most TTL after the update (plus
  // kFillSpread when misses store superseded values, as above).
  EXPECT_LE(st["inconsistency_windows"]["longest_s"].get<double>(), ttl + kFillSpread);
  EXPECT_GT(st["inconsistency_windows"]["longest_s"].get<double>(), 0.5 * ttl);  // one outlived a DEL's 2.5 ms
}

TEST(Staleness, WriteBehindLosesExactlyTheWritesItsShardHadNotFlushed) {
  // Flushes 5 s after each SET; the shard is down from 20.5 s to 23.5 s. SETs at 16-20 s are not
  // flushed yet (lost with the data), those at 21-23 s find the shard down (lost): 8 of 29.
  json document = one_written_key(periodic_writes("write_behind", {{"flush_delay_s", 5.0}}));
  document["faults"] = json::array({{{"type", "cache_down"}, {"node", 0}, {"at_s", 20.5}, {"duration_s", 3.0}}});
  const json s = summary_of(document);
  EXPECT_EQ(s["writes"]["arrived"], 29);
  EXPECT_EQ(s["writes"]["lost"], 8);
  // Flushed: SETs at 1-15 s (flushed at 6-20 s) and at 24 s (flushed at 29 s); 25-29 s are not
  // due before the end.
  EXPECT_EQ(s["writes"]["source_updates"], 16);
  EXPECT_EQ(s["writes"]["unfinished"], 5);  // the SETs at 25-29 s, their flushes not yet due
}

TEST(Staleness, DeletingBeforeTheUpdatePopulatesStaleValuesWhereDeletingAfterRarelyDoes) {
  // 20 keys, 400 reads/s each, a TTL of 5 s, writes 20/s (1/s per key, Poisson), no
  // single-flight. Before: the DEL lands, the update is made ~6 ms later (DEL reply 2.5 ms, on to
  // the origin 1.5 ms, the write 2 ms), and the ~2.4 reads of the key that miss in between all
  // read the old version and store it: a stale populate for most writes (measured: 465 of 582).
  // Whether the cache is left stale depends on whether the last fill to land read before the
  // update; when it did, the value stays superseded until the next write's DEL or the TTL.
  // After: the update's DEL lands L = 4 ms after it; a fill stores a superseded version only if
  // its origin read started before an update, which needs a TTL expiry within a few ms of a
  // write (measured: 8 of 582), and every write leaves a window of exactly L (582 x 4 ms =
  // 2.3 key-seconds) against 25 key-seconds before.
  auto document_for = [](const char* type) {
    json document = one_written_key({{"type", type}, {"arrivals", {{"type", "poisson"}, {"rate_per_s", 20.0}}}}, 5.0,
                                    8000.0);
    document["workload"]["key_classes"][0]["keys"]["count"] = 20;
    return document;
  };
  const json before = summary_of(document_for("delete_before_write"));
  const json after = summary_of(document_for("delete_after_write"));
  const double writes = before["writes"]["source_updates"];
  const double stale_before = before["staleness"]["inconsistency_windows"]["key_seconds"];
  const double stale_after = after["staleness"]["inconsistency_windows"]["key_seconds"];
  const double populates_before = before["staleness"]["stale_populates"];
  const double populates_after = after["staleness"]["stale_populates"];
  EXPECT_GT(populates_before, 0.5 * writes);
  EXPECT_LT(populates_after, 0.05 * writes);
  EXPECT_GT(populates_before, 20.0 * populates_after);
  EXPECT_NEAR(stale_after, writes * kNewsToShard, 0.2);  // L per write, a race or two longer
  EXPECT_GT(stale_before, 5.0 * stale_after);
}

TEST(Staleness, UnderOverloadValuesServedAreExactlyTheOkRequestsAndEveryWriteIsAccounted) {
  // One origin connection at 50 ms a query, a queue of 2, against 1000 reads/s that miss after
  // each of 50 deletes a second (and each expiry, TTL 0.5 s): the queue is full nearly all the
  // time, so reads and writes get refused. A value counts as served when its client takes it,
  // so the count equals the ok requests exactly (no warm-up), horizon included; a refused write
  // is failed, never a source update; every write ended one way or is counted unfinished (at
  // most the 2 queued and 1 in service at the end).
  json writes = periodic_writes("delete_after_write");
  writes["arrivals"]["rate_per_s"] = 50.0;
  json document = one_written_key(writes, 0.5);
  document["origin"]["connections"] = 1;
  document["origin"]["queue_limit"] = 2;
  document["origin"]["service_s"] = {{"type", "deterministic"}, {"value", 0.05}};
  const json s = summary_of(document);
  EXPECT_GT(s["requests"]["errors"].get<int>(), 1000);  // overloaded indeed
  EXPECT_EQ(s["staleness"]["values_served"], s["requests"]["ok"]);
  const int arrived = s["writes"]["arrived"], updates = s["writes"]["source_updates"], failed = s["writes"]["failed"];
  EXPECT_EQ(arrived, 1499);  // sent at k / 50 s, k = 1 .. 1499
  EXPECT_GT(failed, arrived / 2);
  const int unfinished = s["writes"]["unfinished"];
  EXPECT_EQ(updates + failed + unfinished, arrived);
  EXPECT_LE(unfinished, 3);
}

}  // namespace
}  // namespace cachestorm
