// `cachestorm plan` as a reviewer uses it: the answer it gives is checked the long way, with
// replicated runs of the scenario at the answer (every SLO met) and one below it (one broken),
// on the same replications; and its refusals come before anything runs.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli_helpers.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::scratch_dir;

// The outage of the old default scenario (mass expiry at the fault), shortened to 100 s.
const std::string kScenario =
    std::string(CACHESTORM_SOURCE_DIR) + "/tests/data/cache_outage_mass_expiry.json --set duration_s=100";
const std::string kSlo = " --window outage=60:90 --assert 'windows.outage.latency_s.p99<0.2' "
                         "--assert 'windows.outage.requests.error_ratio<0.001'";

TEST(CliPlan, TheAnswerMeetsEverySloAndTheValueBelowItBreaksOne) {
  const fs::path dir = scratch_dir();
  const auto plan = run_cli("plan " + kScenario + " --axis origin.connections=8:64 --replications 4 "
                            "--max-replications 16 -j 2 -q --out " + (dir / "plan").string() + kSlo, 600);
  ASSERT_EQ(plan.exit_code, 0) << plan.stderr_text;
  const auto result = nlohmann::json::parse(read_file(dir / "plan" / "plan.json"))["variants"][0];
  ASSERT_EQ(result["outcome"], "found") << result.dump(2);
  const int answer = result["answer"], below = result["proved_broken"];
  EXPECT_EQ(below, answer - 1);
  EXPECT_GT(answer, 8);
  EXPECT_LT(answer, 64);
  const auto replications_at = [&result](int value) {
    for (const auto& judged : result["judged"])
      if (judged["value"] == value) return judged["replications"].get<int>();
    return 0;
  };
  // The long way: a replicated run per value, judged by --assert on the same interval.
  const auto at = [&](int value) {
    return run_cli("run " + kScenario + " --set origin.connections=" + std::to_string(value) + " --replications " +
                   std::to_string(replications_at(value)) + " -j 2 -q --out " + (dir / std::to_string(value)).string() +
                   kSlo, 300);
  };
  EXPECT_EQ(at(answer).exit_code, 0) << "every SLO met at the answer";
  EXPECT_EQ(at(below).exit_code, 99) << "one broken just below it";
  // The headroom: the origin's capacity at the answer over its busiest second's demand.
  const auto summary = nlohmann::json::parse(read_file(dir / std::to_string(answer) / "summary.json"));
  const double peak = summary["metrics"]["origin.queries_arrived_peak_per_s"]["mean"];
  EXPECT_NEAR(result["headroom"].get<double>(), answer / (0.004 * std::exp(0.5 * 0.5 * 0.5)) / peak, 1e-9);
  fs::remove_all(scratch_dir());
}

TEST(CliPlan, MistakesAreRefusedBeforeAnythingRuns) {
  const fs::path out = scratch_dir() / "out";
  const std::vector<std::tuple<std::string, int, std::string>> cases = {
      {"--axis origin.connections=64:8" + kSlo, 64, "write PATH=LOW:HIGH with LOW < HIGH"},
      {"--axis origin.connections=8:64 --assert 'nothing<1'", 64, "unknown metric \"nothing\""},
      {"--axis origin.nothing=8:64" + kSlo, 65, "variant baseline, origin.nothing=8: "},
      {"--axis origin.connections=8:64 --variant 'x' " + kSlo, 64, "--variant \"x\": write NAME: a.b=1; c.d=2"}};
  for (const auto& [args, code, message] : cases) {
    const auto outcome = run_cli("plan " + kScenario + " " + args + " -q --out " + out.string(), 60);
    EXPECT_EQ(outcome.exit_code, code) << args << ": " << outcome.stderr_text;
    EXPECT_NE(outcome.stderr_text.find(message), std::string::npos) << args << ": " << outcome.stderr_text;
    EXPECT_FALSE(fs::exists(out / "plan.json")) << args;
  }
  fs::remove_all(scratch_dir());
}

}  // namespace
}  // namespace cachestorm
