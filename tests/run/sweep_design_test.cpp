// Sweep designs: axes parsed from their three forms, a grid's every combination in order, and a
// Latin hypercube that uses each stratum of each axis exactly once, the same for the same seed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "run/sweep_design.hpp"

namespace cachestorm::run {
namespace {

TEST(SweepDesign, AxesFromListsAndRanges) {
  const SweepAxis list = parse_axis("cache.eviction.policy=\"allkeys-lru\",allkeys-lfu");
  EXPECT_EQ(list.kind, "list");
  EXPECT_EQ(list.values, (std::vector<nlohmann::json>{"allkeys-lru", "allkeys-lfu"}));
  const SweepAxis lin = parse_axis("origin.connections=lin:24:48:7");
  EXPECT_EQ(lin.values, (std::vector<nlohmann::json>{24, 28, 32, 36, 40, 44, 48}));
  EXPECT_EQ(parse_axis("n=lin:0:10:4").values, (std::vector<nlohmann::json>{0, 3, 7, 10}));  // whole: rounded
  EXPECT_TRUE(lin.values[1].is_number_integer());
  const SweepAxis halves = parse_axis("x=lin:0.0:1.0:3");
  EXPECT_EQ(halves.values, (std::vector<nlohmann::json>{0.0, 0.5, 1.0}));
  const SweepAxis log = parse_axis("ttl=log:10:1000:3");
  ASSERT_EQ(log.values.size(), 3u);
  EXPECT_DOUBLE_EQ(log.values[1].get<double>(), 100.0);
  EXPECT_EQ(assignments({lin, list}, {{32, "allkeys-lfu"}}),
            (std::vector<std::string>{"origin.connections=32", "cache.eviction.policy=\"allkeys-lfu\""}));
  for (const char* bad : {"nothing", "=1,2", "x=", "x=lin:1:2", "x=lin:2:1:3", "x=log:0:10:3", "x=lin:1:2:1",
                          "x=lin:a:2:3", "x=1,,2"})
    EXPECT_THROW(parse_axis(bad), std::invalid_argument) << bad;
}

TEST(SweepDesign, AGridHasEveryCombinationTheFirstAxisSlowest) {
  const auto points = grid_design({parse_axis("a=1,2"), parse_axis("b=10,20,30")});
  ASSERT_EQ(points.size(), 6u);
  EXPECT_EQ(points[0].values, (std::vector<nlohmann::json>{1, 10}));
  EXPECT_EQ(points[2].values, (std::vector<nlohmann::json>{1, 30}));
  EXPECT_EQ(points[3].values, (std::vector<nlohmann::json>{2, 10}));
}

TEST(SweepDesign, ALatinHypercubeUsesEachStratumOnce) {
  const std::vector<SweepAxis> axes = {parse_axis("a=lin:0.0:1.0:2"), parse_axis("b=log:1.0:1e4:2"),
                                       parse_axis("c=lin:0:100:2")};
  const uint32_t n = 50;
  const auto points = latin_hypercube(axes, n, 7);
  ASSERT_EQ(points.size(), n);
  std::set<int> a, b;
  for (const auto& p : points) {
    a.insert(static_cast<int>(std::floor(p.values[0].get<double>() * n)));
    b.insert(static_cast<int>(std::floor(std::log10(p.values[1].get<double>()) / 4 * n)));
    EXPECT_TRUE(p.values[2].is_number_integer());  // bounds written as integers: whole numbers
  }
  EXPECT_EQ(a.size(), n);
  EXPECT_EQ(b.size(), n);
  const auto again = latin_hypercube(axes, n, 7), other = latin_hypercube(axes, n, 8);
  for (size_t i = 0; i < n; ++i) EXPECT_EQ(again[i].values, points[i].values);
  size_t same = 0;
  for (size_t i = 0; i < n; ++i) same += other[i].values == points[i].values;
  EXPECT_LT(same, 3u);
}

}  // namespace
}  // namespace cachestorm::run
