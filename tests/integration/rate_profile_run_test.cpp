// Known answers for runs under a rate profile (models/workload/rate_profile.hpp): the requests
// sent in each segment of a profile (counted by send second in timeseries.csv) against the
// integral of its rate, worked out here by hand for each shape. Poisson arrivals (two clients)
// must be within 3 standard errors (sqrt of the expected count) per segment; periodic arrivals
// (one client) send their k-th request when the integral reaches k, so each segment's count is
// exact: the k >= 1 with R(a) <= k < R(b) (no R(a) here is a whole number).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <numbers>
#include <sstream>

#include "cli_helpers.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::scratch_dir;
using testing::write_scenario;

// Requests sent per whole second of a run of `arrivals` (cache off: only the origin serves).
std::vector<double> requests_per_second(const std::string& name, const nlohmann::json& arrivals, int clients,
                                        double duration_s) {
  const nlohmann::json scenario = {
      {"name", name},
      {"duration_s", duration_s},
      {"topology", {{"clients", clients}, {"app_instances", clients}}},
      {"workload", {{"arrivals", arrivals}, {"key_classes", {{{"keys", {{"type", "uniform"}, {"count", 100}}}}}}}},
      {"cache", {{"enabled", false}}},
      {"origin", {{"connections", 4096}}}};
  const fs::path file = write_scenario(name + ".json", scenario.dump());
  const fs::path out = scratch_dir() / name;
  const auto outcome = run_cli("run " + file.string() + " -q --out " + out.string());
  EXPECT_EQ(outcome.exit_code, 0) << outcome.stderr_text;
  std::vector<double> per_second(static_cast<size_t>(duration_s), 0.0);
  std::istringstream rows(read_file(out / "timeseries.csv"));
  std::string line;
  while (std::getline(rows, line)) {
    std::istringstream fields(line);
    std::string t, metric, label, value;
    std::getline(fields, t, ',');
    std::getline(fields, metric, ',');
    std::getline(fields, label, ',');
    std::getline(fields, value, ',');
    if (metric == "requests" && label.empty()) per_second.at(static_cast<size_t>(std::stod(t))) = std::stod(value);
  }
  return per_second;
}

double sum(const std::vector<double>& per_second, int from, int to) {
  double total = 0.0;
  for (int s = from; s < to; ++s) total += per_second[s];
  return total;
}

// Each segment [a, b) of `cuts` against R(b) - R(a), within 3 standard errors.
void expect_poisson_segments(const std::vector<double>& per_second, const std::vector<int>& cuts,
                             const std::function<double(double)>& integral, const std::string& shape) {
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    const double expected = integral(cuts[i + 1]) - integral(cuts[i]);
    const double got = sum(per_second, cuts[i], cuts[i + 1]);
    EXPECT_LE(std::abs(got - expected), 3.0 * std::sqrt(expected))
        << shape << " [" << cuts[i] << ", " << cuts[i + 1] << "): " << got << " sent, " << expected << " expected";
  }
}

TEST(RateProfileRuns, PoissonArrivalsPerSegmentFollowTheIntegralOfEachShape) {
  // spike: 1000/s, up to 4000/s over [10, 15), held to 25, down over [25, 30), 1000/s after.
  const auto spike = requests_per_second(
      "spike", {{"type", "poisson"}, {"rate_per_s", 1000},
                {"profile", {{"type", "spike"}, {"start_s", 10}, {"ramp_up_s", 5}, {"hold_s", 10}, {"ramp_down_s", 5},
                             {"factor", 4}}}},
      2, 40);
  expect_poisson_segments(spike, {0, 10, 15, 25, 30, 40}, [](double t) {
    const double up = std::clamp(t - 10, 0.0, 5.0), hold = std::clamp(t - 15, 0.0, 10.0), down = std::clamp(t - 25, 0.0, 5.0);
    return 1000 * std::min(t, 10.0) + 1000 * up + 300 * up * up + 4000 * hold + 4000 * down - 300 * down * down +
           1000 * std::max(0.0, t - 30);
  }, "spike");
  // ramp: 2000/s to 500/s over [5, 25), then 500/s.
  const auto ramp = requests_per_second(
      "ramp", {{"type", "poisson"}, {"rate_per_s", 2000},
               {"profile", {{"type", "ramp"}, {"start_s", 5}, {"end_s", 25}, {"factor", 0.25}}}},
      2, 35);
  expect_poisson_segments(ramp, {0, 5, 15, 25, 35}, [](double t) {
    const double d = std::clamp(t - 5, 0.0, 20.0);
    return 2000 * std::min(t, 5.0) + 2000 * d - 37.5 * d * d + 500 * std::max(0.0, t - 25);
  }, "ramp");
  // step: 800/s, 3 x from 12 s.
  const auto step = requests_per_second(
      "step", {{"type", "poisson"}, {"rate_per_s", 800}, {"profile", {{"type", "step"}, {"at_s", 12}, {"factor", 3}}}},
      2, 30);
  expect_poisson_segments(step, {0, 12, 20, 30}, [](double t) { return 800 * t + 1600 * std::max(0.0, t - 12); }, "step");
  // diurnal: 1500/s (1 + 0.8 cos(2 pi (t - 5) / 20)), quarter periods.
  const auto diurnal = requests_per_second(
      "diurnal", {{"type", "poisson"}, {"rate_per_s", 1500},
                  {"profile", {{"type", "diurnal"}, {"period_s", 20}, {"amplitude", 0.8}, {"peak_at_s", 5}}}},
      2, 40);
  expect_poisson_segments(diurnal, {0, 5, 10, 15, 20, 25, 30, 35, 40}, [](double t) {
    const double w = 2 * std::numbers::pi / 20;
    return 1500 * (t + 0.8 / w * (std::sin(w * (t - 5)) - std::sin(w * -5)));
  }, "diurnal");
  fs::remove_all(scratch_dir());
}

TEST(RateProfileRuns, PeriodicArrivalsUnderACsvProfileAreExactCounts) {
  // 37.3/s until 6 s, rising to 151.9/s at 16 s, a jump down to 12.63/s, held.
  const fs::path csv = scratch_dir() / "rates.csv";
  std::ofstream(csv) << "t_s,rate_per_s\n6,37.3\n16,151.9\n16,12.63\n";
  const auto sent = requests_per_second(
      "periodic", {{"type", "periodic"}, {"rate_per_s", 10}, {"profile", {{"type", "piecewise"}, {"csv", csv.string()}}}},
      1, 25);
  const auto integral = [](double t) {
    const double d = std::clamp(t - 6, 0.0, 10.0);
    return 37.3 * std::min(t, 6.0) + 37.3 * d + 5.73 * d * d + 12.63 * std::max(0.0, t - 16);
  };
  for (int s = 0; s < 25; ++s)  // the first arrival is k = 1: R(0) = 0 counts none
    EXPECT_EQ(sent[s], std::ceil(integral(s + 1)) - std::max(1.0, std::ceil(integral(s)))) << "second " << s;
  fs::remove_all(scratch_dir());
}

}  // namespace
}  // namespace cachestorm
