// A two-state system whose bistability follows from a fluid model, checked by runs on both sides
// of each boundary (scenarios/retry_storm.json under a large trigger: a flush, and the origin 20
// times slower for 20 s).
//
// The model. The origin serves mu = 8 connections / 5 ms = 1 600 queries/s. Clients send lambda
// requests/s and make up to n attempts; the app gives an origin query up after 0.5 s and drops its
// late answer.
//  - Cold state: the origin's backlog is longer than 0.5 s of service, so no answer comes in time,
//    nothing is filled, every request misses and every attempt fails: the origin is offered
//    lambda x n queries/s, and the backlog grows iff lambda x n > mu. So the cold state is stable
//    exactly when lambda > mu / n: 533/s with n = 3, 1 600/s without retries (n = 1).
//  - Warm state: the origin is offered lambda x m (m, the miss ratio at steady state, is about 0.3
//    here: 137 of 450/s measured), far below mu at every load below: stable.
// So with retries the system is bistable above 533/s: a trigger that empties the cache leaves it
// down; below, it recovers. Without retries the same holds at 1 600/s. The runs sit about 20 %
// either side of each boundary.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli_helpers.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::scratch_dir;

nlohmann::json run(const std::string& name, const std::string& sets) {
  const fs::path out = scratch_dir() / name;
  const std::string scenario = std::string(CACHESTORM_SOURCE_DIR) + "/scenarios/retry_storm.json";
  const auto outcome = run_cli("run " + scenario + " " + sets + " -q --out " + out.string());
  EXPECT_EQ(outcome.exit_code, 0) << outcome.stderr_text;
  return nlohmann::json::parse(read_file(out / "summary.json"));
}

std::string state_after_big_trigger(const std::string& name, double rate, bool retries) {
  const std::string sets = "--set faults[1].factor=20 --set faults[1].duration_s=20 --set workload.arrivals.rate_per_s=" +
                           std::to_string(rate) + (retries ? "" : " --set client.retries=null");
  return run(name, sets)["recovery"]["faults.1"]["state_at_end"].get<std::string>();
}

TEST(Metastability, TheColdStateIsStableExactlyAboveTheFluidBoundary) {
  EXPECT_EQ(state_after_big_trigger("n3_below", 450, true), "recovered");       // 3 x 450 = 1 350 < 1 600
  EXPECT_EQ(state_after_big_trigger("n3_above", 650, true), "not_recovered");   // 3 x 650 = 1 950 > 1 600
  EXPECT_EQ(state_after_big_trigger("n1_below", 1400, false), "recovered");     // 1 400 < 1 600
  EXPECT_EQ(state_after_big_trigger("n1_above", 1800, false), "not_recovered"); // 1 800 > 1 600
}

// The library pair: one system, two outcomes of the same trigger. Left down, two thirds of the
// origin's load after the trigger are retries, and the cache sees misses but no fills; with a
// retry budget it recovers, its retries refused once the bucket is empty.
TEST(Metastability, TheRetryStormStaysDownAndItsBudgetedTwinRecovers) {
  const auto storm = run("storm", "");
  const auto& down = storm["recovery"]["faults.1"];
  EXPECT_EQ(down["state_at_end"], "not_recovered");
  EXPECT_GT(down["after_cause"]["retried_origin_queries_ratio"].get<double>(), 0.6);
  EXPECT_LT(down["after_cause"]["cache_fills_per_s"].get<double>(), 0.01 * down["after_cause"]["cache_misses_per_s"].get<double>());
  EXPECT_GT(storm["retries"]["amplification"].get<double>(), 1.9);
  EXPECT_LT(storm["retries"]["goodput_per_s"].get<double>(), 0.5 * storm["retries"]["throughput_per_s"].get<double>());

  // The run's summary line says it stayed down, and with the summary's own figures.
  const fs::path printed = scratch_dir() / "storm.txt";
  ASSERT_EQ(run_cli("run " + std::string(CACHESTORM_SOURCE_DIR) + "/scenarios/retry_storm.json --out " +
                        (scratch_dir() / "storm_printed").string(), 120, printed.string()).exit_code, 0);
  char line[200];
  std::snprintf(line, sizeof line, "still out of band %.0f s after its cause ended: %.0f%% of origin queries were retries",
                down["after_cause"]["seconds"].get<double>(),
                100.0 * down["after_cause"]["retried_origin_queries_ratio"].get<double>());
  EXPECT_NE(read_file(printed).find(std::string("after faults.1 at 120 s: ")), std::string::npos);
  EXPECT_NE(read_file(printed).find(line), std::string::npos) << read_file(printed);

  // Protection at the origin or in the app also ends it: CoDel shedding (RFC 8289's defaults), a
  // queue timeout shorter than the app's origin timeout, a static limit of 6 queries per instance.
  for (const char* sets : {"--set 'origin.codel={}'", "--set origin.queue_timeout_s=0.3",
                           "--set 'app.origin_limit={\"type\": \"static\", \"limit\": 6}'"})
    EXPECT_EQ(run("protected", sets)["recovery"]["faults.1"]["state_at_end"], "recovered") << sets;

  const fs::path out = scratch_dir() / "budgeted";
  const std::string scenario = std::string(CACHESTORM_SOURCE_DIR) + "/scenarios/retry_storm_budget.json";
  ASSERT_EQ(run_cli("run " + scenario + " -q --out " + out.string()).exit_code, 0);
  const auto budgeted = nlohmann::json::parse(read_file(out / "summary.json"));
  EXPECT_EQ(budgeted["recovery"]["faults.1"]["state_at_end"], "recovered");
  EXPECT_GT(budgeted["retries"]["budget_refusals"].get<double>(), 1000);
  EXPECT_LT(budgeted["retries"]["amplification"].get<double>(), 1.05);
}

// A load spike as the trigger (the same system, no flush, no slowdown). At 1 000 requests/s the
// cache takes h = 0.745 of them (its measured hit ratio over 60-120 s, before the spike), so a
// spike of factor f offers the origin about 1 000·f·(1 − h) misses/s: above mu = 1 600 once
// f > 1 600 / 255 = 6.3. At f = 8 (2 040/s) the backlog grows by
// about 440 queries/s, 4 400 in the spike's 10 s: 2.75 s of service, far past the app's 0.5 s
// timeout, so the system enters the cold state, which is stable at 1 000/s with 3 attempts (above
// 533/s): it stays down. At f = 5 (1 275/s) no backlog forms and nothing is given up. The retry
// budget rescues f = 8.
TEST(Metastability, ALoadSpikeLeavesItDownOnlyWhenItsMissesOutrunTheOrigin) {
  const auto spike = [](double factor) {
    return "--set 'faults=[{\"type\": \"load_spike\", \"factor\": " + std::to_string(factor) +
           ", \"at_s\": 120, \"duration_s\": 10}]' --set duration_s=200";
  };
  const auto small = run("spike5", spike(5));
  EXPECT_EQ(small["recovery"]["faults.0"]["state_at_end"], "recovered");
  EXPECT_EQ(small["requests"]["errors"], 0);
  EXPECT_EQ(run("spike8", spike(8))["recovery"]["faults.0"]["state_at_end"], "not_recovered");
  EXPECT_EQ(run("spike8_budget", spike(8) + " --set 'client.retries.budget={\"type\": \"token_bucket\"}'")
                ["recovery"]["faults.0"]["state_at_end"],
            "recovered");
}

}  // namespace
}  // namespace cachestorm
