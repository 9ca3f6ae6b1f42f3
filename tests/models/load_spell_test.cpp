// Load spells (models/workload/load_spell.hpp): the integrated rate of a process under spells
// against its closed form, the inverse against the integral (time_of(R(t)) = t), nested spells
// against a midpoint sum of their rate (exact here: the rates are constant between whole
// tenths), and a spell without an end.
#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>

#include "models/workload/load_spell.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

TEST(LoadSpell, ConstantRateTimesTheFactorInsideTheSpell) {
  const SpelledProfile p(nullptr, 100.0, {10.0, 20.0, 3.0});
  EXPECT_DOUBLE_EQ(p.rate(5.0), 100.0);
  EXPECT_DOUBLE_EQ(p.rate(10.0), 300.0);
  EXPECT_DOUBLE_EQ(p.rate(19.999), 300.0);
  EXPECT_DOUBLE_EQ(p.rate(20.0), 100.0);
  EXPECT_DOUBLE_EQ(p.integral(5.0), 500.0);
  EXPECT_DOUBLE_EQ(p.integral(15.0), 1000.0 + 1500.0);
  EXPECT_DOUBLE_EQ(p.integral(25.0), 1000.0 + 3000.0 + 500.0);
  for (double t = 0.0; t <= 40.0; t += 0.37) EXPECT_NEAR(p.time_of(p.integral(t)), t, 1e-9) << t;
}

TEST(LoadSpell, NestedSpellsOverAProfileMultiplyAndInvertExactly) {
  const nlohmann::json block = {{"type", "step"}, {"at_s", 12}, {"factor", 2}};
  nlohmann::json resolved;
  sim::ConfigReader reader(block, resolved, "profile");
  auto step = reader.build_typed<RateProfile>("step");
  step->bind(50.0);  // 50/s, 100/s from 12 s
  auto once = std::make_unique<SpelledProfile>(std::move(step), 50.0, LoadSpell{10.0, 20.0, 3.0});
  const SpelledProfile p(std::move(once), 50.0, {15.0, 30.0, 0.5});
  EXPECT_DOUBLE_EQ(p.rate(11.0), 150.0);
  EXPECT_DOUBLE_EQ(p.rate(13.0), 300.0);
  EXPECT_DOUBLE_EQ(p.rate(17.0), 150.0);
  EXPECT_DOUBLE_EQ(p.rate(25.0), 50.0);
  EXPECT_DOUBLE_EQ(p.rate(31.0), 100.0);
  double sum = 0.0;  // midpoint sums over tenths: exact for rates constant on them
  for (int tenth = 0; tenth < 400; ++tenth) {
    sum += 0.1 * p.rate((tenth + 0.5) / 10.0);
    const double t = (tenth + 1) / 10.0;
    ASSERT_NEAR(p.integral(t), sum, 1e-9 * sum) << t;
    ASSERT_NEAR(p.time_of(p.integral(t)), t, 1e-9) << t;
  }
}

TEST(LoadSpell, ASpellWithoutAnEndLastsForEver) {
  const SpelledProfile p(nullptr, 10.0, {5.0, std::numeric_limits<double>::infinity(), 4.0});
  EXPECT_DOUBLE_EQ(p.integral(105.0), 50.0 + 4000.0);
  EXPECT_NEAR(p.time_of(50.0 + 4000.0), 105.0, 1e-9);
  EXPECT_DOUBLE_EQ(p.time_of(20.0), 2.0);
}

}  // namespace
}  // namespace cachestorm::models
