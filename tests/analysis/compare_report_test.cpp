// Paired differences (analysis/compare_report.hpp) on hand-made replications with known answers.
#include <gtest/gtest.h>

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
  const std::string csv = compare_csv(differences);
  EXPECT_NE(csv.find("bigger,requests.errors,2,3,1,"), std::string::npos) << csv;
}

}  // namespace
}  // namespace cachestorm::analysis
