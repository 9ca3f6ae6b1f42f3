// KeySpace::hottest (models/workload/hot_keys.cpp), the keys a hot_keys_flush deletes, against
// rates worked by hand: class "flat" (10 uniform keys, ids 0-9) and class "skewed" (Zipf s = 1
// over 100 keys, ids 10-109) share 1 000 requests/s equally, so every flat key gets 50/s and
// skewed key k gets 500 / (H_100 (k + 1)) with H_100 = 5.18738: 96.4/s, 48.2/s, 32.1/s, ...
// A third class with its own arrivals at 40/s over 1 key (id 110) sits between them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "models/scenario.hpp"
#include "models/workload/key_space.hpp"

namespace cachestorm::models {
namespace {

TEST(HotKeys, RankedByRequestsPerSecondAcrossClassesAndStreams) {
  const Scenario scenario = parse_scenario(
      {{"workload",
        {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 1000}}},
         {"key_classes",
          {{{"name", "flat"}, {"keys", {{"type", "uniform"}, {"count", 10}}}},
           {{"name", "skewed"}, {"keys", {{"type", "zipf"}, {"count", 100}, {"s", 1.0}}}},
           {{"name", "own"}, {"keys", {{"type", "uniform"}, {"count", 1}}},
            {"arrivals", {{"type", "poisson"}, {"rate_per_s", 40}}}}}}}}});
  const KeySpace keys(scenario.workload.key_classes, scenario.workload.arrivals.get(), sim::RngStreams(1, 0), false);
  EXPECT_EQ(keys.hottest(1), std::vector<uint32_t>{10});
  EXPECT_EQ(keys.hottest(3), (std::vector<uint32_t>{10, 0, 1})) << "ties (50/s each) by key id";
  EXPECT_EQ(keys.hottest(13), (std::vector<uint32_t>{10, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 110}))
      << "48.2/s, then the own class's 40/s above skewed key 2's 32.1/s";
  EXPECT_EQ(keys.hottest(14).back(), 12u);
  EXPECT_EQ(keys.hottest(1000).size(), 111u) << "every key when fewer exist";
}

}  // namespace
}  // namespace cachestorm::models
