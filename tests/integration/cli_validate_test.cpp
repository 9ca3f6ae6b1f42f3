// `cachestorm validate` and `run --set`, as a user runs them: validation checks exactly what run
// checks and writes nothing; overrides change the scenario as run and are recorded.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "integration/cli_helpers.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::scratch_dir;
using testing::write_scenario;

std::string source(const std::string& relative) { return std::string(CACHESTORM_SOURCE_DIR) + "/" + relative; }

TEST(CliValidate, ShippedScenariosValidateAndNothingIsWritten) {
  fs::current_path(scratch_dir());
  const auto outcome = run_cli("validate " + source("scenarios/cache_outage.json") + " " + source("scenarios/steady.json"));
  EXPECT_EQ(outcome.exit_code, 0) << outcome.stderr_text;
  EXPECT_EQ(outcome.stderr_text, "");
  size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(scratch_dir())) ++entries;
  EXPECT_EQ(entries, 1u) << "only the test's own stderr capture";
  fs::current_path(fs::temp_directory_path());
  fs::remove_all(scratch_dir());
}

TEST(CliValidate, ReportsEachBadFileAndExitsWithTheFirstCode) {
  const fs::path bad = write_scenario("bad.json", R"({"origin": {"connections": 0}})");
  const auto outcome = run_cli("validate " + source("scenarios/steady.json") + " " + bad.string() + " /nonexistent.json");
  EXPECT_EQ(outcome.exit_code, 65);
  EXPECT_NE(outcome.stderr_text.find("origin.connections: must be an integer in [1, 4294967295] (got 0)"),
            std::string::npos);
  EXPECT_NE(outcome.stderr_text.find("/nonexistent.json: cannot open"), std::string::npos);
  fs::remove_all(scratch_dir());
}

TEST(CliValidate, OverridesAreCheckedLikeTheFileAndPrintedResolved) {
  const auto unknown = run_cli("validate " + source("scenarios/cache_outage.json") + " --set origin.pool=3");
  EXPECT_EQ(unknown.exit_code, 65);
  EXPECT_NE(unknown.stderr_text.find("(with its --set overrides): origin.pool: unknown key"), std::string::npos);
  EXPECT_EQ(run_cli("validate " + source("scenarios/cache_outage.json") + " --set oops").exit_code, 64);
  const fs::path printed = scratch_dir() / "resolved.json";
  ASSERT_EQ(run_cli("validate " + source("scenarios/cache_outage.json") +
                        " --set 'faults[0].at_s=30' --set origin.connections=128 --print",
                    30, printed.string())
                .exit_code,
            0);
  const auto resolved = nlohmann::json::parse(read_file(printed));
  EXPECT_EQ(resolved["faults"][0]["at_s"], 30.0);
  EXPECT_EQ(resolved["origin"]["connections"], 128);
  EXPECT_EQ(resolved["origin"]["queue_limit"], 2000);  // untouched keys as the file has them
  fs::remove_all(scratch_dir());
}

TEST(CliValidate, RunAppliesOverridesAndRecordsThemInTheManifest) {
  const fs::path scenario = write_scenario("quick.json", R"({"name": "quick", "duration_s": 2,
    "workload": {"arrivals": {"type": "poisson", "rate_per_s": 1000}, "key_classes": [{"keys": {"type": "uniform", "count": 100}}]}})");
  const fs::path out = scratch_dir() / "out";
  ASSERT_EQ(run_cli("run " + scenario.string() + " -q --set duration_s=3 --set workload.key_classes[0].ttl_s=5 --out " + out.string())
                .exit_code,
            0);
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  EXPECT_EQ(summary["duration_s"], 3.0);
  EXPECT_EQ(nlohmann::json::parse(read_file(out / "scenario.json"))["workload"]["key_classes"][0]["ttl_s"], 5.0);
  EXPECT_EQ(nlohmann::json::parse(read_file(out / "manifest.json"))["overrides"],
            (nlohmann::json{"duration_s=3", "workload.key_classes[0].ttl_s=5"}));
  fs::remove_all(scratch_dir());
}

}  // namespace
}  // namespace cachestorm
