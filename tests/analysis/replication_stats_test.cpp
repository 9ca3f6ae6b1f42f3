// Replication statistics (analysis/replication_stats.hpp) against known answers: tabulated
// Student-t quantiles, a hand-computed interval, and the coverage of the 95 % interval over many
// simulated experiments (binomial bounds).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "analysis/replication_stats.hpp"
#include "sim/rng.hpp"

namespace cachestorm::analysis {
namespace {

TEST(ReplicationStats, StudentTQuantilesMatchTheTables) {
  // Two-sided 95 % critical values of Student's t (any statistics table).
  EXPECT_NEAR(student_t_quantile(0.95, 1), 12.7062, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.95, 4), 2.7764, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.95, 9), 2.2622, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.95, 29), 2.0452, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.99, 9), 3.2498, 5e-4);
}

TEST(ReplicationStats, AHandComputedInterval) {
  // Values 1..5: mean 3, sample variance 2.5, sd 1.5811; half width 2.7764 · 1.5811 / √5 = 1.9632.
  const std::vector<double> values = {1, 2, 3, 4, 5};
  const ReplicationStats stats = replication_stats(values);
  EXPECT_EQ(stats.n, 5u);
  EXPECT_DOUBLE_EQ(stats.mean, 3.0);
  EXPECT_NEAR(stats.sd, 1.58114, 1e-5);
  EXPECT_NEAR(stats.ci_low, 3.0 - 1.96324, 1e-4);
  EXPECT_NEAR(stats.ci_high, 3.0 + 1.96324, 1e-4);
}

TEST(ReplicationStats, AnIntervalIsCutToTheMetricsRange) {
  // Errors of 10 replications, three of them incidents: the Student interval reaches below 0.
  const std::vector<double> errors = {0, 0, 0, 366, 959, 586, 0, 0, 1032, 0};
  const ReplicationStats raw = replication_stats(errors);
  EXPECT_NEAR(raw.ci_low, -6.9, 0.05);
  EXPECT_NEAR(raw.ci_high, 595.5, 0.05);
  const ReplicationStats cut = within(raw, 0.0, std::numeric_limits<double>::infinity());
  EXPECT_EQ(cut.ci_low, 0.0);
  EXPECT_EQ(cut.ci_high, raw.ci_high);
  EXPECT_EQ(cut.mean, raw.mean);
  const ReplicationStats ratio = within(replication_stats(std::vector<double>{0.99, 1.0, 1.0, 0.97}), 0.0, 1.0);
  EXPECT_EQ(ratio.ci_high, 1.0);
  EXPECT_LT(ratio.ci_low, 0.99);
}

TEST(ReplicationStats, OneReplicationHasNoSpread) {
  const std::vector<double> one = {7.5};
  const ReplicationStats stats = replication_stats(one);
  EXPECT_EQ(stats.sd, 0.0);
  EXPECT_EQ(stats.ci_low, 7.5);
  EXPECT_EQ(stats.ci_high, 7.5);
}

TEST(ReplicationStats, TheNinetyFivePercentIntervalCoversTheMeanNinetyFivePercentOfTheTime) {
  // 4 000 experiments of 5 normal replications: coverage ~ Binomial(4000, 0.95), sd 0.34 %;
  // 95 % ± 1.2 % is more than three standard deviations either side.
  sim::Rng rng(2026);
  int covered = 0;
  const int experiments = 4000;
  for (int e = 0; e < experiments; ++e) {
    std::vector<double> values(5);
    for (double& v : values) v = 10.0 + 2.0 * rng.standard_normal();
    const ReplicationStats stats = replication_stats(values);
    covered += stats.ci_low <= 10.0 && 10.0 <= stats.ci_high ? 1 : 0;
  }
  EXPECT_NEAR(static_cast<double>(covered) / experiments, 0.95, 0.012);
}

}  // namespace
}  // namespace cachestorm::analysis
