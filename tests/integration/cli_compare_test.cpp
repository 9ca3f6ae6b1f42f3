// cachestorm compare, as a user runs it: on common random numbers a variant identical to the
// baseline differs by exactly zero in every metric and every replication; a variant that relieves
// an overloaded origin shows fewer errors with an interval that excludes zero; mistakes in the
// variants are refused before anything runs, with nothing written.
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

// 3 000 req/s with the cache off against 2 connections at 1 ms (2 000/s) and a 50-query queue:
// the origin rejects about a third; 8 connections (8 000/s) reject almost nothing.
const char* kOverloaded = R"({"name": "overloaded", "duration_s": 3,
  "workload": {"arrivals": {"type": "poisson", "rate_per_s": 3000}, "key_classes": [{"keys": {"type": "uniform", "count": 100}}]},
  "cache": {"enabled": false},
  "origin": {"connections": 2, "queue_limit": 50, "service_s": {"type": "exponential", "mean": 0.001}}})";

TEST(CliCompare, AVariantIdenticalToTheBaselineDiffersByExactlyZero) {
  const fs::path scenario = write_scenario("overloaded.json", kOverloaded);
  const fs::path out = scratch_dir() / "out";
  ASSERT_EQ(run_cli("compare " + scenario.string() + " -q --replications 3 -j 2 --variant 'same: duration_s=3' --out " +
                    out.string())
                .exit_code,
            0);
  const auto compare = nlohmann::json::parse(read_file(out / "compare.json"));
  ASSERT_GE(compare["differences"].size(), 20u);
  for (const auto& d : compare["differences"]) {
    EXPECT_EQ(d["variant_mean"], d["baseline_mean"]) << d["metric"];
    EXPECT_EQ(d["variant_ci_high"], d["baseline_ci_high"]) << d["metric"];
    if (d["baseline_n"] != 3) {  // a value some replication lacks: nothing to pair
      EXPECT_TRUE(d["difference_mean"].is_null()) << d["metric"];
      continue;
    }
    EXPECT_EQ(d["difference_mean"], 0.0) << d["metric"];
    EXPECT_EQ(d["difference_ci_low"], 0.0) << d["metric"];
    EXPECT_EQ(d["difference_ci_high"], 0.0) << d["metric"];
    EXPECT_EQ(d["excludes_zero"], false) << d["metric"];
  }
  fs::remove_all(scratch_dir());
}

TEST(CliCompare, MoreOriginConnectionsShowFewerErrorsBeyondNoise) {
  const fs::path scenario = write_scenario("overloaded.json", kOverloaded);
  const fs::path out = scratch_dir() / "out";
  ASSERT_EQ(run_cli("compare " + scenario.string() + " -q --replications 4 --variant 'wider: origin.connections=8' --out " +
                    out.string())
                .exit_code,
            0);
  const auto compare = nlohmann::json::parse(read_file(out / "compare.json"));
  bool found = false;
  for (const auto& d : compare["differences"]) {
    if (d["metric"] != "requests.errors") continue;
    found = true;
    EXPECT_EQ(d["variant"], "wider");
    EXPECT_GT(d["baseline_mean"].get<double>(), 2000.0) << "about a third of 9 000 requests rejected";
    EXPECT_LT(d["difference_ci_high"].get<double>(), 0.0);
    EXPECT_EQ(d["excludes_zero"], true);
  }
  EXPECT_TRUE(found);
  EXPECT_NE(read_file(out / "compare.csv").find("wider,requests.errors,"), std::string::npos);
  // Each variant's time series, its replications' rows as a replicated run writes them.
  ASSERT_EQ(run_cli("run " + scenario.string() + " -q --replications 4 --set origin.connections=8 --out " +
                    (scratch_dir() / "wider").string()).exit_code, 0);
  EXPECT_EQ(read_file(out / "timeseries-1-wider.csv"), read_file(scratch_dir() / "wider" / "timeseries.csv"));
  EXPECT_NE(read_file(out / "timeseries-0-baseline.csv").find("replication,t_s,metric"), std::string::npos);
  const auto manifest = nlohmann::json::parse(read_file(out / "manifest.json"));
  EXPECT_EQ(manifest["variants"][1]["overrides"], (nlohmann::json{"origin.connections=8"}));
  fs::remove_all(scratch_dir());
}

TEST(CliCompare, MistakesAreRefusedBeforeRunningWithNothingWritten) {
  const fs::path scenario = write_scenario("overloaded.json", kOverloaded);
  const fs::path out = scratch_dir() / "out";
  const std::string base = "compare " + scenario.string() + " -q --replications 2 --out " + out.string();
  EXPECT_EQ(run_cli(base).exit_code, 64);  // nothing to compare
  EXPECT_EQ(run_cli(base + " --variant 'a: duration_s=2' --variant 'a: duration_s=1'").exit_code, 64);
  EXPECT_EQ(run_cli(base + " --variant 'no name here'").exit_code, 64);
  EXPECT_EQ(run_cli(base + " " + scenario.string() + " --variant 'a: duration_s=2'").exit_code, 64);
  const auto unknown = run_cli(base + " --variant 'typo: origin.conections=8'");
  EXPECT_EQ(unknown.exit_code, 65);
  EXPECT_NE(unknown.stderr_text.find("variant typo: invalid scenario"), std::string::npos) << unknown.stderr_text;
  EXPECT_NE(unknown.stderr_text.find("origin.conections: unknown key"), std::string::npos);
  EXPECT_FALSE(fs::exists(out));
  fs::remove_all(scratch_dir());
}

TEST(CliCompare, AssertionsAreJudgedForEveryVariant) {
  const fs::path scenario = write_scenario("overloaded.json", kOverloaded);
  const fs::path out = scratch_dir() / "out";
  // About a third of requests fail with 2 connections, almost none with 8.
  const auto outcome = run_cli("compare " + scenario.string() + " -q --replications 3 --variant 'wider: origin.connections=8' "
                               "--assert 'requests.error_ratio<0.05' --out " + out.string());
  EXPECT_EQ(outcome.exit_code, 99) << outcome.stderr_text;
  EXPECT_NE(outcome.stderr_text.find("baseline: requests.error_ratio<0.05 FAILED"), std::string::npos)
      << outcome.stderr_text;
  EXPECT_EQ(outcome.stderr_text.find("wider: requests.error_ratio<0.05 FAILED"), std::string::npos);
  const auto compare = nlohmann::json::parse(read_file(out / "compare.json"));
  EXPECT_FALSE(compare["assertions"]["baseline"][0]["passed"].get<bool>());
  EXPECT_TRUE(compare["assertions"]["wider"][0]["passed"].get<bool>());
  EXPECT_EQ(compare["assertions"]["wider"][0]["value"], compare["variants"]["wider"]["requests.error_ratio"]["ci_high"]);
  const auto unknown = run_cli("compare " + scenario.string() + " -q --replications 2 --variant 'w: origin.connections=8' "
                               "--assert 'nothing<1' --out " + (scratch_dir() / "other").string());
  EXPECT_EQ(unknown.exit_code, 64);
  EXPECT_FALSE(fs::exists(scratch_dir() / "other"));
  fs::remove_all(scratch_dir());
}

TEST(CliCompare, SeveralFilesCompareAgainstTheFirst) {
  const fs::path a = write_scenario("alpha.json", kOverloaded);
  const fs::path b = write_scenario("beta.json", kOverloaded);
  const fs::path out = scratch_dir() / "out";
  ASSERT_EQ(run_cli("compare " + a.string() + " " + b.string() + " -q --replications 2 --out " + out.string()).exit_code, 0);
  const auto compare = nlohmann::json::parse(read_file(out / "compare.json"));
  EXPECT_EQ(compare["baseline"], "alpha");
  for (const auto& d : compare["differences"]) {
    EXPECT_EQ(d["variant"], "beta");
    EXPECT_EQ(d["difference_mean"], 0.0) << d["metric"];
  }
  fs::remove_all(scratch_dir());
}

}  // namespace
}  // namespace cachestorm
