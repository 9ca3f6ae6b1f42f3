// Statistics over a window of the run (summary.json windows.<name>): each total is the sum of the
// time series rows of the seconds it covers, the per-second figures are the rows' own p99s, and
// the windows a scenario's faults define, its own and --window ones are all there; bad windows
// are refused before simulating.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_helpers.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::scratch_dir;

// Sums and maxima of timeseries.csv rows by metric, over the seconds [from, to).
struct Rows {
  std::map<std::string, double> sum, max;
  std::vector<double> p99s;  // latency_p99 rows, in order
};

Rows rows_between(const fs::path& csv, size_t from, size_t to) {
  Rows rows;
  std::istringstream text(read_file(csv));
  std::string line;
  std::getline(text, line);  // header
  while (std::getline(text, line)) {
    std::istringstream fields(line);
    std::string t, metric, label, value;
    std::getline(fields, t, ',');
    std::getline(fields, metric, ',');
    std::getline(fields, label, ',');
    std::getline(fields, value, ',');
    const size_t second = std::stoul(t);
    if (second < from || second >= to) continue;
    const double v = std::stod(value);
    rows.sum[metric] += v;
    rows.max[metric] = std::max(rows.max[metric], v);
    if (metric == "latency_p99" && label.empty()) rows.p99s.push_back(v);
  }
  return rows;
}

std::string outage(double duration_s) {
  return std::string(CACHESTORM_SOURCE_DIR) + "/scenarios/cache_outage.json --set duration_s=" +
         std::to_string(duration_s);
}

TEST(Windows, EachTotalIsTheSumOfTheSecondsItCovers) {
  const fs::path out = scratch_dir() / "out";
  const auto outcome = run_cli("run " + outage(150) + " -q --window calm=10:50 --window 59.5:62 --out " + out.string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.stderr_text;
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  const auto& windows = summary["windows"];
  ASSERT_EQ(windows.size(), 3u) << windows.dump();
  // The fault (node 1 down at 90 s for 30 s) and its 30 s of recovery, cut at the run's end.
  EXPECT_EQ(windows["incident"]["from_s"], 90.0);
  EXPECT_EQ(windows["incident"]["to_s"], 150.0);
  // An unnamed span is named by its bounds, and rounded out to whole seconds: 59 to 61.
  ASSERT_TRUE(windows.contains("59p5_62"));
  EXPECT_EQ(windows["59p5_62"]["seconds"], 3.0);
  for (const auto& [name, from, to] : std::vector<std::tuple<std::string, size_t, size_t>>{
           {"incident", 90, 150}, {"calm", 10, 50}, {"59p5_62", 59, 62}}) {
    const auto& w = windows[name];
    const Rows rows = rows_between(out / "timeseries.csv", from, to);
    const auto& r = w["requests"];
    EXPECT_EQ(r["total"].get<double>(), rows.sum.at("requests")) << name;
    EXPECT_EQ(r["errors"].get<double>(), rows.sum.at("errors")) << name;
    EXPECT_EQ(r["ok"].get<double>() + r["errors"].get<double>() + r["client_timeouts"].get<double>() +
                  r["unfinished"].get<double>(),
              r["total"].get<double>())
        << name;
    EXPECT_DOUBLE_EQ(r["error_ratio"].get<double>(),
                     (rows.sum.at("errors") + rows.sum.at("client_timeouts")) / rows.sum.at("requests"))
        << name;
    EXPECT_EQ(w["origin"]["queries_arrived"].get<double>(), rows.sum.at("origin_queries_arrived")) << name;
    EXPECT_EQ(w["origin"]["queue_peak"].get<double>(), rows.max.at("origin_queue_max")) << name;
    EXPECT_EQ(w["latency_s"]["count"].get<double>(), rows.sum.at("latency_count")) << name;
    // Per second: the worst second's p99, and the seconds over the SLO (client.slo_latency_s 0.1).
    ASSERT_EQ(rows.p99s.size(), to - from) << name;
    EXPECT_EQ(w["latency_s"]["p99_max_1s"].get<double>(), *std::max_element(rows.p99s.begin(), rows.p99s.end()));
    const auto over = std::count_if(rows.p99s.begin(), rows.p99s.end(), [](double p) { return p > 0.1; });
    EXPECT_EQ(w["latency_s"]["seconds_over_slo"].get<long>(), over) << name;
    EXPECT_DOUBLE_EQ(w["latency_s"]["seconds_over_slo_ratio"].get<double>(), static_cast<double>(over) / (to - from));
  }
  // The incident is what the whole run's p99 hides: most of its seconds are quiet.
  EXPECT_EQ(windows["calm"]["latency_s"]["seconds_over_slo"], 0);
  EXPECT_GT(windows["incident"]["latency_s"]["seconds_over_slo"].get<int>(), 5);
  EXPECT_GT(windows["incident"]["requests"]["error_ratio"].get<double>(),
            2 * summary["requests"]["error_ratio"].get<double>());
  fs::remove_all(scratch_dir());
}

TEST(Windows, AnAssertionOnAWindowJudgesItsSpanAlone) {
  const fs::path out = scratch_dir() / "out";
  // Before the fault p99 is about 10 ms; over the whole run, the outage's 0.44 s dominate it.
  const auto fail = run_cli("run " + outage(150) + " -q --window calm=10:50 --assert 'windows.calm.latency_s.p99<0.05' "
                            "--assert 'latency_s.p99<0.05' --out " + out.string());
  EXPECT_EQ(fail.exit_code, 99) << fail.stderr_text;
  EXPECT_NE(fail.stderr_text.find("latency_s.p99<0.05"), std::string::npos) << fail.stderr_text;
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  EXPECT_TRUE(summary["assertions"][0]["passed"].get<bool>());
  EXPECT_FALSE(summary["assertions"][1]["passed"].get<bool>());
  EXPECT_EQ(summary["assertions"][0]["value"], summary["windows"]["calm"]["latency_s"]["p99"]);
  fs::remove_all(scratch_dir());
}

// requests.hit_ratio is what clients saw: a GET to the node that is down is given up on after
// app.cache_timeout_s and its request read the origin, so it counts as a miss, which the shards'
// own figure (cache.hit_ratio, of the GETs they answered) never sees.
TEST(Windows, TheHitRatioIsWhatClientsSaw) {
  const fs::path out = scratch_dir() / "out";
  ASSERT_EQ(run_cli("run " + outage(150) + " -q --out " + out.string()).exit_code, 0);
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  for (const auto& [block, from, to] : std::vector<std::tuple<nlohmann::json, size_t, size_t>>{
           {summary, 0, 150}, {summary["windows"]["incident"], 90, 150}}) {
    const Rows rows = rows_between(out / "timeseries.csv", from, to);
    const double reached = rows.sum.at("app_requests"), hits = rows.sum.at("app_cache_hits");
    EXPECT_DOUBLE_EQ(block["requests"]["hit_ratio"].get<double>(), hits / reached) << from;
    EXPECT_DOUBLE_EQ(block["cache"]["hit_ratio"].get<double>(),
                     rows.sum.at("shard_hits") / (rows.sum.at("shard_hits") + rows.sum.at("shard_misses")))
        << from;
    // Every read that reached an instance got a hit, a miss, or no reply in time (no breakers here).
    const double accounted = hits + rows.sum.at("shard_misses") + rows.sum.at("app_cache_give_ups");
    EXPECT_NEAR(accounted / reached, 1.0, 1e-4) << from;
  }
  const auto& incident = summary["windows"]["incident"];
  EXPECT_LT(incident["requests"]["hit_ratio"].get<double>(), incident["cache"]["hit_ratio"].get<double>() - 0.1);
  fs::remove_all(scratch_dir());
}

TEST(Windows, BadWindowsAreRefusedBeforeSimulating) {
  const fs::path out = scratch_dir() / "out";
  const std::string endless = testing::write_scenario("endless.json", testing::kEndless).string();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--window 60", "--window 60: write FROM:TO or NAME=FROM:TO in seconds"},
      {"--window 60:x", "--window 60:x: 'x' is not a number of seconds"},
      {"--window 90:60", "--window 90:60: need 0 <= FROM < TO and FROM < duration_s (10000)"},
      {"--window 'a.b=1:2'", "the name must be 1-64 of letters, digits, '_' and '-'"},
      {"--window a=1:2 --window a=3:4", "--window a: a window of that name is already defined (--window)"},
      {"--assert 'windows.nowhere.latency_s.p99<1'", "unknown metric \"windows.nowhere.latency_s.p99\""}};
  for (const auto& [args, message] : cases) {
    const auto outcome = run_cli("run " + endless + " -q " + args + " --out " + out.string(), 30);
    EXPECT_EQ(outcome.exit_code, 64) << args << ": " << outcome.stderr_text;
    EXPECT_NE(outcome.stderr_text.find(message), std::string::npos) << args << ": " << outcome.stderr_text;
    EXPECT_FALSE(fs::exists(out));
  }
  // A scenario with faults has its incident window; --window cannot take the name.
  const auto taken = run_cli("run " + outage(150) + " -q --window incident=1:2 --out " + out.string(), 30);
  EXPECT_EQ(taken.exit_code, 64);
  EXPECT_NE(taken.stderr_text.find("--window incident: a window of that name is already defined (faults)"),
            std::string::npos)
      << taken.stderr_text;
  fs::remove_all(scratch_dir());
}

}  // namespace
}  // namespace cachestorm
