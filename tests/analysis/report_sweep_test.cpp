// Sweep and plan report charts from hand-made results: the sizing curve's points and band, a
// heat map's cells averaged over a third axis, and a plan chart's bound and answer.
#include <gtest/gtest.h>

#include "analysis/report_sweep.hpp"

namespace cachestorm::analysis {
namespace {

using nlohmann::json;

json point(json values, double p99) {
  return {{"values", values}, {"metrics", {{"latency_s.p99", {{"mean", p99}, {"ci_low", p99 - 0.01}, {"ci_high", p99 + 0.01}}}}}};
}

TEST(ReportSweep, OneAxisIsACurveWithItsIntervalBand) {
  const json sweep = {{"axes", {"origin.connections"}},
                      {"points", {point({{"origin.connections", 4}}, 0.5), point({{"origin.connections", 8}}, 0.05)}}};
  const auto charts = sweep_charts(sweep);
  ASSERT_EQ(charts.size(), 1u) << "only the metric the points have";
  EXPECT_EQ(charts[0].id, "latency_s_p99");
  const json& rows = charts[0].spec["data"]["values"];
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1], json({{"x", 8}, {"mean", 0.05}, {"lo", 0.05 - 0.01}, {"hi", 0.05 + 0.01}}));
  EXPECT_EQ(charts[0].spec["layer"][0]["mark"]["type"], "area");
}

TEST(ReportSweep, TwoAxesOrMoreAreAHeatMapAveragedOverTheOthers) {
  json points = json::array();
  for (int a : {1, 2})
    for (int b : {10, 20})
      for (int c : {0, 1}) points.push_back(point({{"a", a}, {"b", b}, {"c", c}}, a + b + c));
  const auto charts = sweep_charts({{"axes", {"a", "b", "c"}}, {"points", points}});
  ASSERT_EQ(charts.size(), 1u);
  const json& spec = charts[0].spec;
  EXPECT_EQ(spec["mark"], "rect");
  EXPECT_EQ(spec["title"]["subtitle"], "mean over the other axes' values");
  ASSERT_EQ(spec["data"]["values"].size(), 4u);
  EXPECT_EQ(spec["data"]["values"][0], json({{"x", 1.0}, {"y", 10.0}, {"mean", 11.5}})) << "(11 + 12) / 2";
}

TEST(ReportSweep, APlanChartHasEveryJudgedValueTheBoundAndTheAnswer) {
  const json judged = json::array(
      {{{"value", 5}, {"replications", 10}, {"assertions", {{{"mean", 0.17}, {"ci_low", 0.15}, {"ci_high", 0.19}, {"verdict", "broken"}}}}},
       {{"value", 6}, {"replications", 20}, {"assertions", {{{"mean", 0.056}, {"ci_low", 0.055}, {"ci_high", 0.057}, {"verdict", "met"}}}}}});
  const json plan = {{"axis", "origin.connections=4:24"}, {"assertions", {"latency_s.p99<=0.06"}},
                     {"variants", {{{"variant", "baseline"}, {"answer", 6}, {"judged", judged}}}}};
  const auto charts = plan_charts(plan);
  ASSERT_EQ(charts.size(), 1u);
  const json& layers = charts[0].spec["layer"];
  ASSERT_EQ(layers.size(), 4u);
  EXPECT_EQ(layers[0]["data"]["values"][0]["verdict"], "broken");
  EXPECT_EQ(layers[1]["data"]["values"][1]["replications"], 20);
  EXPECT_EQ(layers[2]["data"]["values"][0]["y"], 0.06) << "the bound, from \"<=0.06\"";
  EXPECT_EQ(layers[3]["data"]["values"][0]["x"], 6) << "the answer";
  EXPECT_EQ(charts[0].spec["title"]["text"], "baseline: latency_s.p99<=0.06");
}

}  // namespace
}  // namespace cachestorm::analysis
