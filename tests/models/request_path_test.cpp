// The request path's building blocks against exact answers: FIFO lanes keep send order (so a
// large value delays the small messages behind it, which deriving send times backwards from
// arrivals would get wrong), the outcome ledger files each request once by its send window and
// drops outcomes past an early stop, and key classes name keys with hash tags that share a slot.
#include <gtest/gtest.h>

#include <limits>

#include "models/cache/hash_slot.hpp"
#include "models/client/outcome_ledger.hpp"
#include "models/core/lane_set.hpp"
#include "models/scenario.hpp"
#include "models/workload/key_space.hpp"

namespace cachestorm::models {
namespace {

TEST(FifoLane, AMessageArrivesAfterTheOnesSentBeforeIt) {
  // 1 ms latency, 1.25e9 B/s: a 10 MB SET sent at 0 arrives at 1 ms + 8 ms = 9 ms. A GET sent at
  // 1 ms would arrive at 2 ms on its own; behind the SET it arrives at 9 ms. Backward derivation
  // (arrival - latency) would say the GET was sent at 8 ms: 7 ms of its latency would vanish.
  LaneSet lanes;
  lanes.add_lane({0.001, 1.25e9});
  lanes.push(0, 0.0, 1e7, 7, 1);
  lanes.push(0, 0.001, 0.0, 8, 0);
  uint32_t lane = 99;
  EXPECT_DOUBLE_EQ(lanes.next_time(), 0.009);
  EXPECT_EQ(lanes.pop(&lane).ref, 7u);
  EXPECT_EQ(lane, 0u);
  EXPECT_DOUBLE_EQ(lanes.next_time(), 0.009);
  EXPECT_EQ(lanes.pop(&lane).ref, 8u);
  EXPECT_EQ(lanes.next_time(), std::numeric_limits<double>::infinity());
}

TEST(FifoLane, AMessageTakenOnTheSpotKeepsItsPlaceInTheOrder) {
  // A 10 MB hit reply passed at 0 arrives at 9 ms (as above); a miss reply queued after it, sent
  // at 1 ms, arrives at 9 ms too, and a passed reply after that one is not earlier either.
  LaneSet lanes;
  lanes.add_lane({0.001, 1.25e9});
  EXPECT_DOUBLE_EQ(lanes.pass(0, 0.0, 1e7), 0.009);
  EXPECT_EQ(lanes.next_time(), std::numeric_limits<double>::infinity());
  lanes.push(0, 0.001, 0.0, 8, 0);
  EXPECT_DOUBLE_EQ(lanes.next_time(), 0.009);
  EXPECT_DOUBLE_EQ(lanes.pass(0, 0.002, 0.0), 0.009);
  EXPECT_DOUBLE_EQ(lanes.pass(0, 0.010, 0.0), 0.011);
}

TEST(LaneSet, HeadsMergeInArrivalOrderAcrossLanes) {
  LaneSet lanes;
  for (int i = 0; i < 3; ++i) lanes.add_lane({0.001 * (i + 1), 1e300});
  lanes.push(2, 0.0, 0, 20, 0);  // arrives 3 ms
  lanes.push(0, 0.0, 0, 0, 0);   // 1 ms
  lanes.push(1, 0.0, 0, 10, 0);  // 2 ms
  lanes.push(0, 0.0025, 0, 1, 0);  // 3.5 ms
  std::vector<uint32_t> order;
  uint32_t lane = 0;
  while (lanes.next_time() < 1.0) order.push_back(lanes.pop(&lane).ref);
  EXPECT_EQ(order, (std::vector<uint32_t>{0, 10, 20, 1}));
}

TEST(LaneSet, AGroupGivesItsOwnLanesHeadsInOrderTiesToTheLowerLane) {
  // Lanes 0 and 2 reach receiver 0, lanes 1 and 3 receiver 1 (as the cache groups connections by
  // node): a group's messages come in arrival order, a tie to the lower lane, whatever the other
  // group holds; taking one by its lane keeps the whole set's order too.
  LaneSet lanes;
  for (uint32_t i = 0; i < 4; ++i) lanes.add_lane({0.001, 1e300}, i % 2);
  lanes.keep_groups();
  lanes.push(2, 0.0, 0, 20, 0);     // group 0, 1 ms
  lanes.push(0, 0.0, 0, 0, 0);      // group 0, 1 ms: a tie, lane 0 first
  lanes.push(1, 0.0005, 0, 10, 0);  // group 1, 1.5 ms
  lanes.push(3, 0.0, 0, 30, 0);     // group 1, 1 ms
  EXPECT_EQ(lanes.group_next_time(0), 0.001);
  EXPECT_EQ(lanes.group_top(0), 0u);
  EXPECT_EQ(lanes.pop_lane(lanes.group_top(0)).ref, 0u);
  EXPECT_EQ(lanes.pop_lane(lanes.group_top(0)).ref, 20u);
  EXPECT_EQ(lanes.group_next_time(0), std::numeric_limits<double>::infinity());
  EXPECT_EQ(lanes.group_top(1), 3u);
  uint32_t lane = 0;
  EXPECT_EQ(lanes.pop(&lane).ref, 30u);  // the set's earliest head is group 1's
  EXPECT_EQ(lanes.group_next_time(1), 0.0015);
  EXPECT_EQ(lanes.pop(&lane).ref, 10u);
  EXPECT_EQ(lanes.next_time(), std::numeric_limits<double>::infinity());
}

TEST(OutcomeLedger, EveryRequestIsFiledOnceUnderItsSendWindow) {
  MetricTable table(3.0);
  OutcomeLedger ledger(table, 0.1);
  for (double sent : {0.2, 0.9, 0.95, 1.5, 2.5}) ledger.sent(sent);
  ledger.ended(0.2, 0.21, Outcome::kOk);                   // window 0, fast
  ledger.ended(0.9, 1.4, Outcome::kClientTimeout);         // window 0, ends in window 1, slow
  ledger.ended(0.95, 1.0, Outcome::kError, ErrorReason::kOriginRejected);
  ledger.ended(1.5, 3.2, Outcome::kOk);                    // past the horizon: unfinished
  table.close_through(3.0);
  ledger.finish(3.0);
  const auto at = [&table](size_t w, const char* name, const std::string& label = {}) {
    return table.value(w, table.find(name, label));
  };
  EXPECT_EQ(at(0, "requests"), 3);
  EXPECT_EQ(at(0, "ok"), 1);
  EXPECT_EQ(at(0, "client_timeouts"), 1);
  EXPECT_EQ(at(0, "errors", "origin_rejected"), 1);
  EXPECT_EQ(at(0, "unfinished"), 0);
  EXPECT_EQ(at(0, "slow_requests"), 1);
  EXPECT_EQ(at(1, "requests"), 1);
  EXPECT_EQ(at(1, "unfinished"), 1);
  EXPECT_EQ(at(2, "unfinished"), 1);
  EXPECT_EQ(at(0, "in_flight_end"), 2);  // sent 0.9 and 0.95 end in window 1
  EXPECT_EQ(at(1, "in_flight_end"), 1);  // sent 1.5 never ends
  EXPECT_EQ(table.latency(0, table.find("latency")).count(), 3u);
  EXPECT_EQ(table.latency(0, table.find("latency_ok")).count(), 1u);
}

TEST(OutcomeLedger, AnEarlyStopDropsOutcomesAtOrAfterIt) {
  // The run stops at 1 s: an answer known at 0.99 s (a hit) that reaches its client at 1.01 s is
  // not an outcome of the covered run; the request is unfinished.
  MetricTable table(10.0);
  OutcomeLedger ledger(table, 0.1);
  ledger.sent(0.98);
  ledger.ended(0.98, 1.01, Outcome::kOk);
  table.close_through(1.0);
  ledger.finish(1.0);
  EXPECT_EQ(table.closed_windows(), 1u);
  EXPECT_EQ(table.value(0, table.find("ok")), 0);
  EXPECT_EQ(table.value(0, table.find("unfinished")), 1);
}

TEST(KeySpace, PatternsNameKeysAndHashTagsShareASlot) {
  const auto scenario = parse_scenario({{"workload", {{"key_classes",
      {{{"name", "profile"}, {"pattern", "user:{id}:profile"}, {"keys", {{"type", "uniform"}, {"count", 100}}}},
       {{"name", "following"}, {"pattern", "{user:{id}}.following"}, {"keys", {{"type", "uniform"}, {"count", 50}}}},
       {{"name", "followers"}, {"pattern", "{user:{id}}.followers"}, {"keys", {{"type", "uniform"}, {"count", 50}}}}}}}}});
  const KeySpace keys(scenario.workload.key_classes, scenario.workload.arrivals.get(), sim::RngStreams(1, 0), true);
  ASSERT_EQ(keys.key_count(), 200u);
  EXPECT_EQ(keys.name(17), "user:17:profile");
  EXPECT_EQ(keys.name(100 + 17), "{user:17}.following");
  EXPECT_EQ(keys.class_of(150), 2u);
  EXPECT_EQ(keys.slot(17), hash_slot("user:17:profile"));
  EXPECT_EQ(keys.slot(100 + 17), hash_slot("user:17"));  // only the tag is hashed
  EXPECT_EQ(keys.slot(100 + 17), keys.slot(150 + 17));    // .following and .followers: one slot
}

// Four key classes whose names hash differently: "a" (the default pattern "key:{id}", keys
// `a_keys`), "b" with a prefix and a suffix (1 001 keys), "c" a bare {id} (101) and "d" with a hash
// tag (20), in that order.
Scenario pattern_classes(const nlohmann::json& a_keys) {
  return parse_scenario({{"workload", {{"key_classes",
      {{{"name", "a"}, {"keys", a_keys}},
       {{"name", "b"}, {"pattern", "user:{id}:profile"}, {"keys", {{"type", "uniform"}, {"count", 1001}}}},
       {{"name", "c"}, {"pattern", "{id}"}, {"keys", {{"type", "uniform"}, {"count", 101}}}},
       {{"name", "d"}, {"pattern", "{t}:{id}"}, {"keys", {{"type", "uniform"}, {"count", 20}}}}}}}}});
}

// Slots of pattern-made names come from a CRC continued over counted-up digits (no name built,
// the CRC before the last digit kept between carries): every key's slot equals hashing its built
// name, across every carry and each change of the number's length, with
// a prefix, a suffix, the default pattern and one with a hash tag (which takes the slow path).
TEST(KeySpace, SlotsWithoutBuildingNamesEqualHashingEachName) {
  const auto scenario = pattern_classes({{"type", "uniform"}, {"count", 12000}});
  const KeySpace keys(scenario.workload.key_classes, scenario.workload.arrivals.get(), sim::RngStreams(1, 0), true);
  ASSERT_EQ(keys.key_count(), 13122u);
  for (uint32_t k = 0; k < keys.key_count(); ++k) ASSERT_EQ(keys.slot(k), hash_slot(keys.name(k))) << keys.name(k);
  EXPECT_EQ(keys.name(12999), "user:999:profile");
  EXPECT_EQ(keys.slot(13121), keys.slot(13102)) << "{t} is a hash tag: one slot for the class";
}

// A process that forks replications computes the slots once (prepare_key_tables) and its
// children's key spaces copy them: every key's slot must equal the one computed in place, for
// pattern-made names, a suffix, a bare {id} and a hash tag; release drops the prepared copy.
TEST(KeySpace, PreparedSlotsEqualSlotsComputedInPlace) {
  const auto scenario = pattern_classes({{"type", "zipf"}, {"count", 40000}});
  const auto& classes = scenario.workload.key_classes;
  const KeySpace in_place(classes, scenario.workload.arrivals.get(), sim::RngStreams(1, 0), true);
  prepare_key_tables(classes, true);
  for (const auto& c : classes) ASSERT_TRUE(c.prepared_slots) << c.name;
  const KeySpace copied(classes, scenario.workload.arrivals.get(), sim::RngStreams(1, 0), true);
  ASSERT_EQ(copied.key_count(), 41122u);
  for (uint32_t k = 0; k < copied.key_count(); ++k) ASSERT_EQ(copied.slot(k), in_place.slot(k)) << copied.name(k);
  release_key_tables(classes);
  for (const auto& c : classes) EXPECT_FALSE(c.prepared_slots) << c.name;
}

TEST(KeySpace, SharesSplitTheRequestsBetweenClasses) {
  const auto scenario = parse_scenario({{"workload", {{"key_classes",
      {{{"name", "a"}, {"share", 3}, {"keys", {{"type", "uniform"}, {"count", 10}}}},
       {{"name", "b"}, {"pattern", "b:{id}"}, {"share", 1}, {"keys", {{"type", "uniform"}, {"count", 10}}}}}}}}});
  const KeySpace keys(scenario.workload.key_classes, scenario.workload.arrivals.get(), sim::RngStreams(1, 0), false);
  sim::Rng rng(7);
  std::vector<uint32_t> drawn(400000);
  keys.draw(0, rng, drawn.data(), drawn.size());
  double in_a = 0;
  for (uint32_t key : drawn) in_a += keys.class_of(key) == 0 ? 1 : 0;
  // 3:1 shares: 0.75, binomial sd 0.0007 at n = 400 000; 5 sd.
  EXPECT_NEAR(in_a / drawn.size(), 0.75, 0.0035);
}

}  // namespace
}  // namespace cachestorm::models
