// The output rules through the command, as the data-loss report reproduced them: each refusal
// comes before any simulation (the scenario would run for hours), exits 73, names the user's path
// and leaves every file where it was.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "integration/cli_helpers.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

using testing::kEndless;
using testing::read_file;
using testing::run_cli;
using testing::scratch_dir;
using testing::write_scenario;

const char* kQuick = R"({"name": "quick", "duration_s": 2,
  "workload": {"arrivals": {"type": "poisson", "rate_per_s": 1000}, "key_classes": [{"keys": {"type": "uniform", "count": 100}}]}})";

TEST(CliOutput, AWebAppDirectoryWithAManifestIsLeftWhole) {
  const fs::path scenario = write_scenario("endless.json", kEndless);
  const fs::path webapp = scratch_dir() / "webapp";
  fs::create_directories(webapp / "src");
  std::ofstream(webapp / "manifest.json") << "{}";
  std::ofstream(webapp / "index.html") << "<html>";
  std::ofstream(webapp / "src/app.js") << "app()";
  const auto outcome = run_cli("run " + scenario.string() + " -q --out " + webapp.string(), 30);
  EXPECT_EQ(outcome.exit_code, 73) << outcome.stderr_text;
  EXPECT_NE(outcome.stderr_text.find(webapp.string() + ": exists and is not a cachestorm result"), std::string::npos)
      << outcome.stderr_text;
  EXPECT_EQ(read_file(webapp / "index.html"), "<html>");
  EXPECT_EQ(read_file(webapp / "src/app.js"), "app()");
  fs::remove_all(scratch_dir());
}

TEST(CliOutput, DotEmptyAndAFileAreRefusedBeforeSimulating) {
  const fs::path scenario = write_scenario("endless.json", kEndless);
  std::ofstream(scratch_dir() / "mine.txt") << "keep";
  fs::current_path(scratch_dir());
  for (const std::string out : {".", "./", "''", "mine.txt", "mine.txt/sub"}) {
    const auto outcome = run_cli("run " + scenario.string() + " -q --out " + out, 30);
    EXPECT_EQ(outcome.exit_code, 73) << out << ": " << outcome.stderr_text;
  }
  EXPECT_NE(run_cli("run " + scenario.string() + " -q --out .", 30).stderr_text.find("cachestorm: .: is the working"),
            std::string::npos);
  EXPECT_EQ(read_file(scratch_dir() / "mine.txt"), "keep");
  fs::current_path(fs::temp_directory_path());
  fs::remove_all(scratch_dir());
}

TEST(CliOutput, ATrailingSlashReplacesAPreviousResult) {
  const fs::path scenario = write_scenario("quick.json", kQuick);
  const fs::path parent = scratch_dir() / "results";
  ASSERT_EQ(run_cli("run " + scenario.string() + " -q --seed 1 --out " + (parent / "prev").string()).exit_code, 0);
  const auto first = read_file(parent / "prev/summary.json");
  ASSERT_EQ(run_cli("run " + scenario.string() + " -q --seed 2 --out " + (parent / "prev/").string()).exit_code, 0);
  EXPECT_NE(read_file(parent / "prev/summary.json"), first);
  EXPECT_TRUE(fs::exists(parent / "prev/.cachestorm-result"));
  size_t siblings = 0;
  for (const auto& entry : fs::directory_iterator(parent)) siblings += entry.path().filename() == "prev" ? 0 : 1;
  EXPECT_EQ(siblings, 0u);
  fs::remove_all(scratch_dir());
}

}  // namespace
}  // namespace cachestorm
