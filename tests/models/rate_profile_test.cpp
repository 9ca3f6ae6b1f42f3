// Rate profiles (models/workload/rate_profile.hpp, profiles/): the integrated rate R(t) against
// its closed form segment by segment, the inverse against R (time_of(R(t)) = t, and the first
// instant where R stops being flat), the diurnal integral against Simpson's rule, and bad
// profiles refused with the JSON path of the key at fault.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

#include "models/workload/rate_profile.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

std::unique_ptr<RateProfile> profile(const nlohmann::json& block, double base_rate) {
  nlohmann::json resolved;
  sim::ConfigReader reader(block, resolved, "workload.arrivals.profile");
  auto made = reader.build_typed<RateProfile>("step");
  made->bind(base_rate);
  return made;
}

std::string refusal(const nlohmann::json& block) {
  try {
    profile(block, 100.0);
  } catch (const sim::ConfigError& error) {
    return error.what();
  }
  return "accepted";
}

TEST(RateProfile, PiecewiseIntegralIsTheSumOfTrapezoidsAndItsInverseMatches) {
  // 5/s from 0 (before the first point), 5 -> 15 over [2, 4], a jump to 0, flat 0 on [4, 6],
  // 0 -> 10 over [6, 8], then 10/s for ever.
  const auto p = profile({{"type", "piecewise"},
                          {"points", {{{"t_s", 2}, {"rate_per_s", 5}}, {{"t_s", 4}, {"rate_per_s", 15}},
                                      {{"t_s", 4}, {"rate_per_s", 0}}, {{"t_s", 6}, {"rate_per_s", 0}},
                                      {{"t_s", 8}, {"rate_per_s", 10}}}}},
                         1.0);
  EXPECT_DOUBLE_EQ(p->integral(1.0), 5.0);
  EXPECT_DOUBLE_EQ(p->integral(2.0), 10.0);
  EXPECT_DOUBLE_EQ(p->integral(3.0), 10.0 + (5.0 + 10.0) / 2.0);
  EXPECT_DOUBLE_EQ(p->integral(4.0), 30.0);
  EXPECT_DOUBLE_EQ(p->integral(5.0), 30.0);
  EXPECT_DOUBLE_EQ(p->integral(8.0), 40.0);
  EXPECT_DOUBLE_EQ(p->integral(10.0), 60.0);
  EXPECT_DOUBLE_EQ(p->rate(3.0), 10.0);
  EXPECT_DOUBLE_EQ(p->rate(4.5), 0.0);
  EXPECT_DOUBLE_EQ(p->rate(7.0), 5.0);
  for (double t : {0.25, 1.0, 2.5, 3.9, 6.5, 7.0, 8.0, 12.0, 1000.0})
    EXPECT_NEAR(p->time_of(p->integral(t)), t, 1e-12 * std::max(1.0, t)) << t;
  EXPECT_DOUBLE_EQ(p->time_of(30.0), 4.0) << "the first instant R reaches 30, not the end of the flat stretch";
  EXPECT_GT(p->time_of(30.0 + 1e-9), 6.0);
  EXPECT_EQ(p->time_of(0.0), 0.0);
}

TEST(RateProfile, ALoadThatStopsIsNeverReachedAgain) {
  const auto p = profile({{"type", "step"}, {"at_s", 10}, {"factor", 0}}, 50.0);
  EXPECT_DOUBLE_EQ(p->integral(20.0), 500.0);
  EXPECT_DOUBLE_EQ(p->time_of(250.0), 5.0);
  EXPECT_EQ(p->time_of(500.5), std::numeric_limits<double>::infinity());
}

TEST(RateProfile, StepSpikeAndRampAreTheirShapesAroundTheBaseRate) {
  const auto step = profile({{"type", "step"}, {"at_s", 60}, {"factor", 2}}, 100.0);
  EXPECT_DOUBLE_EQ(step->integral(90.0), 60 * 100.0 + 30 * 200.0);
  const auto spike = profile({{"type", "spike"}, {"start_s", 10}, {"ramp_up_s", 4}, {"hold_s", 6}, {"ramp_down_s", 2},
                              {"factor", 3}},
                             100.0);
  // 10 s at 100, a ramp to 300 over 4 s (800), 6 s at 300, a ramp down over 2 s (400), then 100.
  EXPECT_DOUBLE_EQ(spike->integral(30.0), 1000.0 + 800.0 + 1800.0 + 400.0 + 800.0);
  EXPECT_DOUBLE_EQ(spike->rate(13.0), 250.0);
  const auto ramp = profile({{"type", "ramp"}, {"start_s", 0}, {"end_s", 10}, {"factor", 0.5}}, 100.0);
  EXPECT_DOUBLE_EQ(ramp->integral(10.0), 750.0);
  EXPECT_DOUBLE_EQ(ramp->integral(20.0), 1250.0);
}

TEST(RateProfile, DiurnalIntegralMatchesSimpsonAndItsInverseMatches) {
  for (const double amplitude : {0.0, 0.5, 1.0}) {
    const auto p = profile({{"type", "diurnal"}, {"period_s", 100}, {"amplitude", amplitude}, {"peak_at_s", 30}}, 40.0);
    EXPECT_DOUBLE_EQ(p->rate(30.0), 40.0 * (1.0 + amplitude));
    EXPECT_NEAR(p->rate(80.0), 40.0 * (1.0 - amplitude), 1e-9);
    const int n = 20000;  // Simpson's rule over [0, 250]
    const double h = 250.0 / n;
    double sum = p->rate(0.0) + p->rate(250.0);
    for (int i = 1; i < n; ++i) sum += (i % 2 == 1 ? 4.0 : 2.0) * p->rate(i * h);
    EXPECT_NEAR(p->integral(250.0), sum * h / 3.0, 1e-6) << amplitude;
    EXPECT_NEAR(p->integral(100.0), 4000.0, 1e-9) << "a whole period carries the base rate's load";
    for (double t : {0.5, 17.0, 79.9, 80.0, 123.4, 5000.0}) {
      const double y = p->integral(t);
      EXPECT_NEAR(p->integral(p->time_of(y)), y, 1e-12 * y) << amplitude << " at " << t;
      // At a zero of the rate (amplitude 1, t = 80) R is flat to third order: its own rounding
      // leaves the instant uncertain by the cube root of ulp(R) / R'''/6, a few 1e-4 s.
      if (p->rate(t) > 0.4) {
        EXPECT_NEAR(p->time_of(y), t, 1e-9 * std::max(1.0, t)) << amplitude << " at " << t;
      }
    }
  }
}

TEST(RateProfile, BadProfilesAreRefusedNamingTheKey) {
  EXPECT_EQ(refusal({{"type", "piecewise"},
                     {"points", {{{"t_s", 5}, {"rate_per_s", 1}}, {{"t_s", 3}, {"rate_per_s", 1}}}}}),
            "workload.arrivals.profile.points[1].t_s: must not be before the previous point's t_s (points in time order)");
  EXPECT_NE(refusal({{"type", "piecewise"}, {"points", {{{"t_s", 0}, {"rate_per_s", -1}}}}})
                .find("workload.arrivals.profile.points[0].rate_per_s: "),
            std::string::npos);
  EXPECT_NE(refusal({{"type", "piecewise"}}).find("workload.arrivals.profile.points: must hold at least one"),
            std::string::npos);
  EXPECT_NE(refusal({{"type", "ramp"}, {"start_s", 10}, {"end_s", 5}}).find("workload.arrivals.profile.end_s: "),
            std::string::npos);
  EXPECT_NE(refusal({{"type", "diurnal"}, {"amplitude", 1.5}}).find("workload.arrivals.profile.amplitude: "),
            std::string::npos);
  EXPECT_NE(refusal({{"type", "weekly"}}).find("diurnal"), std::string::npos) << "the valid kinds are listed";
  const std::string csv = ::testing::TempDir() + "rates.csv";
  std::ofstream(csv) << "t_s,rate_per_s\n0,10\n20,5\n10,7\n";
  EXPECT_EQ(refusal({{"type", "piecewise"}, {"csv", csv}}),
            "workload.arrivals.profile.csv: " + csv + ": line 4: t_s must not be before the previous point's");
  std::ofstream(csv) << "t_s,rate_per_s\n0,10\n5;7\n";
  EXPECT_EQ(refusal({{"type", "piecewise"}, {"csv", csv}}),
            "workload.arrivals.profile.csv: " + csv + ": line 3: expected two numbers, t_s,rate_per_s");
  std::ofstream(csv) << "t_s,rate_per_s\n0,10\n8,30\n";
  const auto read = profile({{"type", "piecewise"}, {"csv", csv}}, 1.0);
  EXPECT_DOUBLE_EQ(read->integral(8.0), 160.0);
}

}  // namespace
}  // namespace cachestorm::models
