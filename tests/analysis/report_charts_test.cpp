// The report's charts from hand-made series: what is drawn, how long series are bucketed, how
// replications become a band, and that a chart with nothing to draw is left out.
#include <gtest/gtest.h>

#include "analysis/report_charts.hpp"

namespace cachestorm::analysis {
namespace {

using nlohmann::json;

// `windows` one-second windows of `replications` replications: 100 requests and 90 cache hits
// in each, and values served but no stale read (so no stale-age data).
ReportInput input_of(size_t windows, uint32_t replications) {
  ReportInput input;
  input.scenario = {{"name", "t"}, {"duration_s", static_cast<double>(windows)}, {"origin", {{"connections", 8}}},
                    {"faults", json::array({{{"type", "cache_down"}, {"node", 0}, {"at_s", 2.0}, {"duration_s", 3.0}},
                                            {{"type", "cache_flush"}, {"node", 0}, {"at_s", 7.0}}})}};
  for (uint32_t r = 0; r < replications; ++r)
    for (size_t w = 0; w < windows; ++w) {
      const double t = static_cast<double>(w);
      input.series.add(r, t, "app_requests", "", 100.0);
      input.series.add(r, t, "app_cache_hits", "", 90.0 - r);
      input.series.add(r, t, "origin_queries_arrived", "", 10.0);
      input.series.add(r, t, "key_class_values_served", "key_class=a", 100.0);
      input.series.add(r, t, "key_class_stale_reads", "key_class=a", 0.0);
      input.series.add(r, t, "key_class_stale_read_age_s_count", "key_class=a", 0.0);
    }
  input.series.finish();
  return input;
}

const ReportChart* find(const std::vector<ReportChart>& charts, const std::string& id) {
  for (const ReportChart& c : charts)
    if (c.id == id) return &c;
  return nullptr;
}

const json& layer_with(const json& spec, const std::string& mark) {
  for (const json& layer : spec["layer"])
    if (layer["mark"]["type"] == mark && layer["data"]["values"].size() > 0 && layer["data"]["values"][0].contains("series"))
      return layer;
  throw std::runtime_error("no " + mark + " layer");
}

TEST(ReportCharts, AChartWithNothingToDrawIsLeftOutAndFaultsAreOnEveryChart) {
  const auto charts = report_charts(input_of(10, 1));
  EXPECT_EQ(find(charts, "stale_age"), nullptr) << "no stale read: no age to draw";
  ASSERT_NE(find(charts, "stale_reads"), nullptr);
  const json& hit = find(charts, "hit_ratio")->spec;
  const json& line = layer_with(hit, "line");
  ASSERT_EQ(line["data"]["values"].size(), 10u);
  EXPECT_DOUBLE_EQ(line["data"]["values"][0]["value"].get<double>(), 0.9);
  for (const ReportChart& c : charts) {
    ASSERT_TRUE(c.spec.contains("layer")) << c.id;
    EXPECT_EQ(c.spec["layer"][0]["data"]["values"], json::array({{{"from", 2.0}, {"to", 5.0}, {"fault", "faults.0 cache_down node 0"}}}))
        << c.id << ": the outage, shaded";
    EXPECT_EQ(c.spec["layer"][1]["data"]["values"][0]["from"], 7.0) << c.id << ": the flush, a rule";
  }
  EXPECT_EQ(find(charts, "origin_busy")->spec["layer"].back()["data"]["values"][0]["y"], 8) << "the connections rule";
}

TEST(ReportCharts, LongSeriesAreBucketedAndReplicationsMakeAMinMaxBand) {
  const auto charts = report_charts(input_of(1500, 3));
  const json& hit = find(charts, "hit_ratio")->spec;
  EXPECT_EQ(hit["title"]["subtitle"], "mean over replications, band: min-max; means over 3-window buckets");
  const json& band = layer_with(hit, "area");
  ASSERT_EQ(band["data"]["values"].size(), 500u) << "1500 windows in buckets of ceil(1500 / 720) = 3";
  const json& first = band["data"]["values"][0];
  EXPECT_DOUBLE_EQ(first["value"].get<double>(), 0.89) << "mean of 0.90, 0.89, 0.88";
  EXPECT_DOUBLE_EQ(first["lo"].get<double>(), 0.88);
  EXPECT_DOUBLE_EQ(first["hi"].get<double>(), 0.90);
  EXPECT_EQ(band["data"]["values"][1]["t"], 3.0) << "a bucket starts at its first window";
}

}  // namespace
}  // namespace cachestorm::analysis
