// SLO assertions (analysis/assertions.hpp): parsing, and judging against hand-made summaries whose
// verdicts are known; then through the command: 99 with results written, 64 with nothing written.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "analysis/run_report.hpp"
#include "cli/assertion_report.hpp"
#include "integration/cli_helpers.hpp"

namespace fs = std::filesystem;

namespace cachestorm::cli {
namespace {

using nlohmann::json;

std::string refusal(const std::string& text) {
  try {
    parse_assertion(text);
  } catch (const AssertionError& error) {
    return error.what();
  }
  return "";
}

TEST(Assertions, ParseOperatorsMetricsAndBounds) {
  const Assertion a = parse_assertion(" latency_s.p99 <= 0.2 ");
  EXPECT_EQ(a.metric, "latency_s.p99");
  EXPECT_EQ(a.op, "<=");
  EXPECT_EQ(a.bound, 0.2);
  EXPECT_EQ(parse_assertion("requests.hit_ratio>0.9").op, ">");
  EXPECT_EQ(parse_assertion("origin.queue_peak>=1e3").bound, 1000.0);
  EXPECT_NE(refusal("latency.p99<0.2").find("unknown metric \"latency.p99\"; valid metrics: "), std::string::npos);
  EXPECT_NE(refusal("latency_s.p99 0.2").find("no comparison"), std::string::npos);
  EXPECT_NE(refusal("latency_s.p99<").find("\"\" is not a number"), std::string::npos);
  EXPECT_NE(refusal("latency_s.p99<0.2s").find("\"0.2s\" is not a number"), std::string::npos);
}

TEST(Assertions, PerShardAndPerClassMetricsAreValidForTheRunThatHasThem) {
  // 3 shards and classes "hot" and "cold": their summary keys may be named, others not; the
  // refusal lists the per-shard names once, as a range.
  const auto valid = analysis::summary_metric_names(3, {"hot", "cold"});
  EXPECT_EQ(parse_assertion("cache.shards.2.utilisation<0.8", valid).metric, "cache.shards.2.utilisation");
  EXPECT_EQ(parse_assertion("key_classes.hot.hit_ratio>0.9", valid).bound, 0.9);
  std::string message;
  try {
    parse_assertion("cache.shards.3.utilisation<0.8", valid);
  } catch (const AssertionError& error) {
    message = error.what();
  }
  EXPECT_NE(message.find("cache.shards.<0-2>.utilisation"), std::string::npos) << message;
  EXPECT_EQ(message.find("cache.shards.1."), std::string::npos) << message;
  EXPECT_NE(message.find("key_classes.cold.hit_ratio"), std::string::npos) << message;
  EXPECT_THROW(parse_assertion("key_classes.warm.hit_ratio>0.9", valid), AssertionError);
  EXPECT_THROW(parse_assertion("cache.shards.0.utilisation<0.8"), AssertionError);  // no shards by default
}

TEST(Assertions, ABlockIsRefusedAndItsValuesAreNamed) {
  // A block (a distribution of counts, a latency block) is no value: refused before simulating,
  // with its values among the valid names, whether or not the run will have samples for it.
  const auto valid = analysis::summary_metric_names(1, {"hot"});
  for (const char* block : {"key_classes.hot.stampede.fetches_per_refill<5", "latency_s<0.2", "staleness<1"}) {
    std::string message;
    try {
      parse_assertion(block, valid);
    } catch (const AssertionError& error) {
      message = error.what();
    }
    EXPECT_NE(message.find("unknown metric"), std::string::npos) << block << ": " << message;
  }
  EXPECT_EQ(parse_assertion("key_classes.hot.stampede.fetches_per_refill.mean<5", valid).bound, 5.0);
  EXPECT_EQ(parse_assertion("key_classes.hot.stampede.fetches_per_refill.max<5", valid).bound, 5.0);
}

TEST(Assertions, ASingleRunIsJudgedOnItsValues) {
  const json summary = {{"latency_s", {{"p99", 0.15}, {"p50", nullptr}}}, {"requests", {{"errors", 0}}}};
  const auto results = evaluate_assertions(
      {parse_assertion("latency_s.p99<0.2"), parse_assertion("latency_s.p99<0.15"),
       parse_assertion("latency_s.p99<=0.15"), parse_assertion("requests.errors<=0"), parse_assertion("latency_s.p50<1")},
      summary);
  EXPECT_TRUE(results[0].passed);
  EXPECT_FALSE(results[1].passed);  // strict
  EXPECT_TRUE(results[2].passed);
  EXPECT_TRUE(results[3].passed);
  EXPECT_FALSE(results[4].passed) << "a quantile without a value cannot pass";
  EXPECT_EQ(results[0].judged_on, "value");
}

TEST(Assertions, ReplicationsAreJudgedOnTheIntervalsSideThatMustHold) {
  // Mean 0.15 passes "< 0.2", but the interval reaches 0.21: not shown to hold.
  const json summary = {{"metrics",
                         {{"latency_s.p99", {{"mean", 0.15}, {"ci_low", 0.09}, {"ci_high", 0.21}}},
                          {"requests.hit_ratio", {{"mean", 0.95}, {"ci_low", 0.93}, {"ci_high", 0.97}}}}}};
  const auto results = evaluate_assertions({parse_assertion("latency_s.p99<0.2"), parse_assertion("latency_s.p99<0.25"),
                                            parse_assertion("requests.hit_ratio>0.92"),
                                            parse_assertion("requests.hit_ratio>0.94")},
                                           summary);
  EXPECT_FALSE(results[0].passed);
  EXPECT_EQ(results[0].judged_on, "ci_high");
  EXPECT_EQ(*results[0].value, 0.21);
  EXPECT_TRUE(results[1].passed);
  EXPECT_TRUE(results[2].passed);
  EXPECT_EQ(results[2].judged_on, "ci_low");
  EXPECT_FALSE(results[3].passed);
}

TEST(Assertions, AFailedAssertionExits99WithResultsAndAnUnknownMetricExits64WithNothing) {
  const fs::path scenario = testing::write_scenario("quick.json", R"({"name": "quick", "duration_s": 3,
    "workload": {"arrivals": {"type": "poisson", "rate_per_s": 2000}, "key_classes": [{"keys": {"type": "uniform", "count": 100}}]}})");
  const fs::path out = testing::scratch_dir() / "out";
  // 6 000 requests in 3 s: "requests.total<1000" fails, "requests.total>1000" passes.
  auto outcome = testing::run_cli("run " + scenario.string() + " -q --assert 'requests.total<1000' --assert "
                                  "'requests.total>1000' --out " + out.string(), 30);
  EXPECT_EQ(outcome.exit_code, 99);
  EXPECT_NE(outcome.stderr_text.find("assert requests.total<1000"), std::string::npos) << outcome.stderr_text;
  const auto summary = json::parse(testing::read_file(out / "summary.json"));
  ASSERT_EQ(summary["assertions"].size(), 2u);
  EXPECT_EQ(summary["assertions"][0]["passed"], false);
  EXPECT_EQ(summary["assertions"][1]["passed"], true);
  fs::remove_all(out);
  outcome = testing::run_cli("run " + scenario.string() + " -q --assert 'requests.totl<1000' --out " + out.string(), 30);
  EXPECT_EQ(outcome.exit_code, 64);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(testing::run_cli("run " + scenario.string() + " -q --assert 'requests.total>1000' --out " + out.string(), 30)
                .exit_code,
            0);
  fs::remove_all(testing::scratch_dir());
}

}  // namespace
}  // namespace cachestorm::cli
