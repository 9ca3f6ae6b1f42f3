// The origin's connections, bounded FIFO queue and queue timeouts, driven by hand with a
// deterministic service time so every completion time and count is exact.
#include <gtest/gtest.h>

#include "models/origin/origin_db.hpp"
#include "models/scenario.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

Scenario scenario_with(const nlohmann::json& origin) { return parse_scenario({{"origin", origin}}); }

TEST(OriginDb, StartsQueuesThenRejectsWhenFull) {
  const Scenario s = scenario_with({{"connections", 2}, {"queue_limit", 1},
                                    {"service_s", {{"type", "deterministic"}, {"value", 1.0}}}});
  OriginDb origin(s.origin, sim::Rng(1), sim::Rng(2));
  double done = -1;
  EXPECT_EQ(origin.arrive(0.0, 10, false, &done), OriginDb::Admission::kStarted);
  EXPECT_EQ(done, 1.0);
  EXPECT_EQ(origin.arrive(0.5, 11, false, &done), OriginDb::Admission::kStarted);
  EXPECT_EQ(done, 1.5);
  EXPECT_EQ(origin.arrive(0.6, 12, false, &done), OriginDb::Admission::kQueued);
  EXPECT_EQ(origin.arrive(0.7, 13, false, &done), OriginDb::Admission::kRejected);
  EXPECT_EQ(origin.busy(), 2u);
  EXPECT_EQ(origin.waiting(), 1u);

  std::vector<OriginDb::Expired> expired, shed;
  const auto next = origin.release(1.0, expired, shed);  // query 10 done: 12 takes its connection
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->query, 12u);
  EXPECT_EQ(next->completion_s, 2.0);
  EXPECT_TRUE(expired.empty());
  EXPECT_FALSE(origin.release(1.5, expired, shed).has_value());
  EXPECT_TRUE(shed.empty());
  EXPECT_EQ(origin.busy(), 1u);
  EXPECT_EQ(origin.waiting(), 0u);
}

TEST(OriginDb, WaitingQueriesExpireAtTheirDeadlineInFifoOrder) {
  const Scenario s = scenario_with({{"connections", 1}, {"queue_timeout_s", 0.25},
                                    {"service_s", {{"type", "deterministic"}, {"value", 1.0}}}});
  OriginDb origin(s.origin, sim::Rng(1), sim::Rng(2));
  double done = -1;
  origin.arrive(0.0, 1, false, &done);
  origin.arrive(0.1, 2, false, &done);  // deadline 0.35
  origin.arrive(0.9, 3, false, &done);  // deadline 1.15
  EXPECT_EQ(origin.next_deadline(), 0.1 + 0.25);
  std::vector<OriginDb::Expired> expired, shed;
  origin.expire_waiting(0.35, expired);  // a deadline equal to now has passed
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].query, 2u);
  EXPECT_EQ(expired[0].deadline_s, 0.1 + 0.25);
  expired.clear();
  const auto next = origin.release(1.0, expired, shed);  // query 3 is still within its deadline
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->query, 3u);
  EXPECT_TRUE(expired.empty());
  EXPECT_FALSE(origin.next_deadline().has_value());
}

TEST(OriginDb, ServiceTimesComeFromTheGivenStream) {
  // Exponential service: the first completion is t + the stream's first exponential draw.
  const Scenario s = scenario_with({{"connections", 1}, {"service_s", {{"type", "exponential"}, {"mean", 0.2}}}});
  OriginDb origin(s.origin, sim::Rng(99), sim::Rng(7));
  sim::Rng same(99);
  double done = -1;
  origin.arrive(3.0, 0, false, &done);
  EXPECT_EQ(done, 3.0 + same.exponential(1.0 / 0.2));
}

TEST(OriginDb, WritesDrawFromWriteServiceOnTheirOwnStream) {
  // A write's service comes from write_service_s and the write stream; reads' draws do not move.
  const Scenario s = scenario_with({{"connections", 3},
                                    {"service_s", {{"type", "exponential"}, {"mean", 0.2}}},
                                    {"write_service_s", {{"type", "deterministic"}, {"value", 0.05}}}});
  OriginDb origin(s.origin, sim::Rng(99), sim::Rng(7));
  sim::Rng same(99);
  double done = -1;
  origin.arrive(1.0, 0, true, &done);
  EXPECT_EQ(done, 1.05);
  origin.arrive(2.0, 1, false, &done);
  EXPECT_EQ(done, 2.0 + same.exponential(1.0 / 0.2));
  // Without write_service_s a write is drawn like a read, but from the write stream.
  const Scenario plain = scenario_with({{"connections", 1}, {"service_s", {{"type", "exponential"}, {"mean", 0.2}}}});
  OriginDb same_law(plain.origin, sim::Rng(99), sim::Rng(7));
  sim::Rng write_stream(7);
  same_law.arrive(0.0, 0, true, &done);
  EXPECT_EQ(done, write_stream.exponential(1.0 / 0.2));
}

}  // namespace
}  // namespace cachestorm::models
