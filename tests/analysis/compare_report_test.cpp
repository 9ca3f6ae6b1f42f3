// Paired differences (analysis/compare_report.hpp) on hand-made replications with known answers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "analysis/compare_report.hpp"

namespace cachestorm::analysis {
namespace {

nlohmann::json summary(double hit_ratio, double errors) {
  return {{"requests", {{"hit_ratio", hit_ratio}, {"errors", errors}}}};
}

TEST(CompareReport, DifferencesArePairedByReplication) {
  // Errors: baseline 1, 2, 3 and variant 2, 4, 3: differences 1, 2, 0, mean 1, sd 1; the interval
  // is 1 ± 4.3027 / √3 = [-1.4841, 3.4841], which holds zero. Hit ratio: +0.1 in every replication:
  // sd 0, interval [0.1, 0.1], which excludes zero.
  const std::vector<Variant> variants = {
      {"baseline", {summary(0.5, 1), summary(0.6, 2), summary(0.7, 3)}},
      {"bigger", {summary(0.6, 2), summary(0.7, 4), summary(0.8, 3)}},
  };
  const auto differences = paired_differences(variants);
  ASSERT_EQ(differences.size(), 2u);
  const Difference& errors = differences[0].metric == "requests.errors" ? differences[0] : differences[1];
  const Difference& hits = differences[0].metric == "requests.hit_ratio" ? differences[0] : differences[1];
  EXPECT_EQ(errors.variant, "bigger");
  EXPECT_DOUBLE_EQ(errors.baseline_mean, 2.0);
  EXPECT_DOUBLE_EQ(errors.variant_mean, 3.0);
  EXPECT_DOUBLE_EQ(errors.difference.mean, 1.0);
  EXPECT_NEAR(errors.difference.ci_low, -1.4841, 1e-4);
  EXPECT_NEAR(errors.difference.ci_high, 3.4841, 1e-4);
  EXPECT_FALSE(errors.excludes_zero());
  EXPECT_NEAR(hits.difference.mean, 0.1, 1e-12);
  EXPECT_NEAR(hits.difference.sd, 0.0, 1e-12);
  EXPECT_TRUE(hits.excludes_zero());
  EXPECT_EQ(hits.unit, "ratio");
  // Each one's own value with its interval: baseline errors 1, 2, 3 give 2 ± 4.3027 / √3, cut at 0.
  EXPECT_EQ(errors.baseline.n, 3u);
  EXPECT_EQ(errors.baseline.ci_low, 0.0);
  EXPECT_NEAR(errors.baseline.ci_high, 4.4841, 1e-4);
  EXPECT_NEAR(hits.own.ci_high, std::min(1.0, 0.7 + 4.302653 * 0.1 / std::sqrt(3.0)), 1e-5);
  const std::string csv = compare_csv(differences);
  EXPECT_NE(csv.find("bigger,requests.errors,2,0,4.484"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",3,1,-1.484"), std::string::npos) << csv;
}

TEST(CompareReport, AMetricWithoutAValueSomewhereKeepsItsRow) {
  // p99 has no value in the baseline's second replication: no pairing, but both own values stay.
  nlohmann::json missing = summary(0.5, 1);
  missing["latency_s"] = {{"p99", nullptr}};
  nlohmann::json present = summary(0.5, 1);
  present["latency_s"] = {{"p99", 0.25}};
  const std::vector<Variant> variants = {{"baseline", {present, missing}}, {"other", {present, present}}};
  const auto differences = paired_differences(variants);
  const auto p99 = std::find_if(differences.begin(), differences.end(),
                                [](const Difference& d) { return d.metric == "latency_s.p99"; });
  ASSERT_NE(p99, differences.end());
  EXPECT_FALSE(p99->paired());
  EXPECT_EQ(p99->baseline.n, 1u);
  EXPECT_EQ(p99->own.n, 2u);
  EXPECT_DOUBLE_EQ(p99->own.mean, 0.25);
  EXPECT_NE(compare_csv(differences).find("other,latency_s.p99,0.25,0.25,0.25,1,0.25,0.25,0.25,2,,,,,s"),
            std::string::npos)
      << compare_csv(differences);
}

}  // namespace
}  // namespace cachestorm::analysis
