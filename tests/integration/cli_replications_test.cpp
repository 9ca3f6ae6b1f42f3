// run --replications N --jobs J, as a user runs it: outputs do not depend on J, replication 0 is
// exactly the single run of the same seed (replication r draws from the streams of (seed, r)),
// every interval in summary.csv is the Student-t interval of the rows in replications.csv, and
// an interrupted run with no complete replication writes nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <vector>

#include "analysis/replication_report.hpp"
#include "analysis/replication_stats.hpp"
#include "integration/cli_helpers.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::scratch_dir;
using testing::write_scenario;

const char* kSmall = R"({"name": "small", "duration_s": 5,
  "workload": {"arrivals": {"type": "poisson", "rate_per_s": 4000}, "key_classes": [{"keys": {"type": "zipf", "count": 5000}, "ttl_s": 2}]},
  "cache": {"nodes": 2},
  "origin": {"connections": 4, "service_s": {"type": "exponential", "mean": 0.002}},
  "faults": [{"type": "cache_down", "node": 1, "at_s": 2, "duration_s": 1}]})";

// Rows of a CSV with a header, as vectors of fields.
std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(text);
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line)) {
    std::vector<std::string> fields;
    std::istringstream cells(line);
    std::string cell;
    while (std::getline(cells, cell, ',')) fields.push_back(cell);
    rows.push_back(fields);
  }
  return rows;
}

TEST(CliReplications, OutputsDoNotDependOnTheNumberOfJobs) {
  const fs::path scenario = write_scenario("small.json", kSmall);
  const fs::path one = scratch_dir() / "one", three = scratch_dir() / "three";
  ASSERT_EQ(run_cli("run " + scenario.string() + " -q --replications 4 --jobs 1 --out " + one.string()).exit_code, 0);
  ASSERT_EQ(run_cli("run " + scenario.string() + " -q --replications 4 --jobs 3 --out " + three.string()).exit_code, 0);
  for (const char* file : {"summary.json", "summary.csv", "replications.csv", "timeseries.csv", "scenario.json"}) {
    EXPECT_FALSE(read_file(one / file).empty()) << file;
    EXPECT_EQ(read_file(one / file), read_file(three / file)) << file;
  }
  const auto manifest = nlohmann::json::parse(read_file(three / "manifest.json"));
  EXPECT_EQ(manifest["replications"], 4);
  EXPECT_EQ(manifest["jobs"], 3);
  fs::remove_all(scratch_dir());
}

TEST(CliReplications, ReplicationZeroIsTheSingleRunOfTheSameSeed) {
  const fs::path scenario = write_scenario("small.json", kSmall);
  const fs::path single = scratch_dir() / "single", many = scratch_dir() / "many";
  ASSERT_EQ(run_cli("run " + scenario.string() + " -q --seed 5 --out " + single.string()).exit_code, 0);
  ASSERT_EQ(run_cli("run " + scenario.string() + " -q --seed 5 --replications 3 -j 2 --out " + many.string()).exit_code, 0);
  std::map<std::string, std::string> expected;  // metric -> value, formatted as the CSV formats it
  for (const auto& metric : analysis::flatten_summary(nlohmann::json::parse(read_file(single / "summary.json"))))
    expected[metric.name] = metric.value == static_cast<double>(static_cast<long long>(metric.value))
                                ? std::to_string(static_cast<long long>(metric.value))
                                : "";
  std::map<std::string, std::vector<std::string>> values;  // metric -> its values by replication
  for (const auto& row : csv_rows(read_file(many / "replications.csv"))) values[row[1]].push_back(row[2]);
  ASSERT_EQ(values.size(), expected.size());
  size_t integral_checked = 0, differing = 0;
  for (const auto& [name, value] : expected) {
    ASSERT_EQ(values[name].size(), 3u) << name;
    if (!value.empty()) {
      EXPECT_EQ(values[name][0], value) << name;
      ++integral_checked;
    }
    differing += values[name][0] != values[name][1] ? 1 : 0;
  }
  EXPECT_GE(integral_checked, 10u);
  EXPECT_GE(differing, 5u) << "replication 1 must draw from other streams than replication 0";
  // The single run's time series is replication 0's, row for row.
  std::istringstream single_rows(read_file(single / "timeseries.csv"));
  std::istringstream many_rows(read_file(many / "timeseries.csv"));
  std::string a, b;
  std::getline(single_rows, a);
  std::getline(many_rows, b);
  while (std::getline(single_rows, a)) {
    ASSERT_TRUE(std::getline(many_rows, b));
    EXPECT_EQ("0," + a, b);
  }
  fs::remove_all(scratch_dir());
}

TEST(CliReplications, EachIntervalIsTheStudentIntervalOfItsReplications) {
  const fs::path scenario = write_scenario("small.json", kSmall);
  const fs::path out = scratch_dir() / "out";
  ASSERT_EQ(run_cli("run " + scenario.string() + " -q --replications 5 -j 2 --out " + out.string()).exit_code, 0);
  std::map<std::string, std::vector<double>> values;
  for (const auto& row : csv_rows(read_file(out / "replications.csv"))) values[row[1]].push_back(std::stod(row[2]));
  const auto rows = csv_rows(read_file(out / "summary.csv"));
  ASSERT_EQ(rows.size(), values.size());
  for (const auto& row : rows) {
    // The Student interval, cut to the metric's range (ratios within [0, 1], the rest at least 0).
    const double high = row[6] == "ratio" ? 1.0 : std::numeric_limits<double>::infinity();
    const auto stats = analysis::within(analysis::replication_stats(values[row[0]]), 0.0, high);
    EXPECT_DOUBLE_EQ(std::stod(row[1]), stats.mean) << row[0];
    EXPECT_EQ(row[3], "5") << row[0];
    EXPECT_DOUBLE_EQ(std::stod(row[4]), stats.ci_low) << row[0];
    EXPECT_DOUBLE_EQ(std::stod(row[5]), stats.ci_high) << row[0];
  }
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  EXPECT_EQ(summary["status"], "complete");
  EXPECT_EQ(summary["metrics"]["requests.hit_ratio"]["unit"], "ratio");
  EXPECT_EQ(summary["metrics"]["latency_s.p99"]["unit"], "s");
  EXPECT_EQ(summary["metrics"]["cache.expirations_lazy"]["unit"], "count");
  EXPECT_EQ(summary["metrics"]["latency_ok_s.p99"]["unit"], "s");
  EXPECT_EQ(summary["metrics"]["latency_ok_s.count"]["unit"], "count");
  EXPECT_EQ(summary["metrics"]["cache.shards.0.utilisation"]["unit"], "ratio");
  EXPECT_EQ(summary["metrics"]["cache.shards.0.used_memory_peak_bytes"]["unit"], "bytes");
  fs::remove_all(scratch_dir());
}

// Every row of summary.csv, for scenarios with faults, recovery verdicts, writes, staleness
// budgets and breakers, carries the unit of its quantity. The table below says, by what each name
// measures, which unit that is; a row no pattern names fails, so a new metric must be placed here.
TEST(CliReplications, EveryRowOfSummaryCsvHasTheUnitOfItsQuantity) {
  const std::vector<std::pair<std::regex, std::string>> kUnits = {
      {std::regex(R"(.*_per_s)"), "1/s"},  // rates: origin queries per second
      {std::regex(R"(.*(seconds_out_of_band|key_seconds|slot_seconds))"), "s"},
      {std::regex(R"(.*\.count)"), "count"},  // a distribution's sample count, also in a block of seconds
      {std::regex(R"(.*(latency_s|latency_ok_s|stale_read_age_s)\.(mean|p50|p95|p99|p999|max|p99_max_1s))"), "s"},
      {std::regex(R"(.*\.seconds_over_slo)"), "s"},       // seconds whose p99 broke the SLO
      {std::regex(R"(windows\.[^.]+\.seconds)"), "s"},    // a window's length
      {std::regex(R"(recovery\..*\.after_cause\.seconds)"), "s"},  // the seconds after an incident's cause
      {std::regex(R"(.*_s)"), "s"},
      {std::regex(R"(.*_bytes)"), "bytes"},
      {std::regex(R"(.*(ratio|fraction_older|max_fraction|utilisation))"), "ratio"},
      {std::regex(R"(.*fetches_per_refill\.(mean|max|p50|p99))"), "count"},  // fetches
      {std::regex(R"((windows\.[^.]+\.)?(cache|key_classes|origin|requests|retries|writes|staleness|recovery|failover)\..*)"), "count"}};
  for (const char* name : {"cache_outage.json", "ttl_sizing.json"}) {
    const fs::path out = scratch_dir() / name;
    const std::string scenario = std::string(CACHESTORM_SOURCE_DIR) + "/scenarios/" + name;
    ASSERT_EQ(run_cli("run " + scenario + " -q --replications 2 -j 2 --out " + out.string()).exit_code, 0) << name;
    const auto rows = csv_rows(read_file(out / "summary.csv"));
    ASSERT_GT(rows.size(), 80u) << name;
    for (const auto& row : rows) {
      const auto match = std::find_if(kUnits.begin(), kUnits.end(),
                                      [&row](const auto& unit) { return std::regex_match(row[0], unit.first); });
      ASSERT_NE(match, kUnits.end()) << row[0] << ": no quantity named for it";
      EXPECT_EQ(row[6], match->second) << row[0];
    }
  }
  fs::remove_all(scratch_dir());
}

TEST(CliReplications, AnInterruptWithNoReplicationCompleteWritesNothing) {
  const fs::path scenario = write_scenario("endless.json", testing::kEndless);
  const fs::path out = scratch_dir() / "out";
  const std::string command = "timeout -s KILL 30 sh -c '" + std::string(CACHESTORM_BINARY) + " run " +
                              scenario.string() + " -q --replications 3 -j 3 --out " + out.string() +
                              " 2>/dev/null & pid=$!; sleep 1; kill -INT $pid; wait $pid'";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_FALSE(fs::exists(out));
  fs::remove_all(scratch_dir());
}

// --progress jsonl: every stderr line is a JSON object, the simulated fraction never goes back,
// and the last says the whole run is done. Without it, a run whose stderr is not a terminal
// prints no progress (auto).
TEST(CliReplications, ProgressAsJsonLinesEndsWithTheWholeRunDone) {
  const fs::path scenario = write_scenario("small.json", kSmall);
  const auto outcome = run_cli("run " + scenario.string() + " -q --progress jsonl --replications 3 -j 2 --out " +
                               (scratch_dir() / "out").string());
  ASSERT_EQ(outcome.exit_code, 0);
  std::istringstream lines(outcome.stderr_text);
  std::string line;
  nlohmann::json last;
  double fraction = 0.0;
  while (std::getline(lines, line)) {
    last = nlohmann::json::parse(line);
    EXPECT_GE(last["fraction"].get<double>(), fraction);
    fraction = last["fraction"].get<double>();
  }
  ASSERT_TRUE(last.is_object()) << outcome.stderr_text;
  EXPECT_EQ(last["final"], true);
  EXPECT_EQ(last["done"], 3);
  EXPECT_EQ(last["total"], 3);
  EXPECT_EQ(last["fraction"], 1.0);
  EXPECT_EQ(last["duration_s"], 15.0);
  const auto quiet = run_cli("run " + scenario.string() + " -q --replications 2 --out " + (scratch_dir() / "q").string());
  EXPECT_EQ(quiet.exit_code, 0);
  EXPECT_EQ(quiet.stderr_text, "");
  fs::remove_all(scratch_dir());
}

// events.jsonl of a replicated run: each replication's state changes, in replication order; here
// the fault's shard going down at 2 s and up at 3 s, exactly, in each of them.
TEST(CliReplications, EventsListEachReplicationsStateChanges) {
  const fs::path scenario = write_scenario("small.json", kSmall);
  const fs::path out = scratch_dir() / "out";
  ASSERT_EQ(run_cli("run " + scenario.string() + " -q --replications 2 --out " + out.string()).exit_code, 0);
  EXPECT_EQ(read_file(out / "events.jsonl"),
            "{\"replication\":0,\"t_s\":2.0,\"component\":\"cache.shards.1\",\"state\":\"down\"}\n"
            "{\"replication\":0,\"t_s\":3.0,\"component\":\"cache.shards.1\",\"state\":\"up\"}\n"
            "{\"replication\":1,\"t_s\":2.0,\"component\":\"cache.shards.1\",\"state\":\"down\"}\n"
            "{\"replication\":1,\"t_s\":3.0,\"component\":\"cache.shards.1\",\"state\":\"up\"}\n");
  fs::remove_all(scratch_dir());
}

// With stderr on a terminal (a pseudo-terminal made by script(1); stdout, with the summary, goes
// elsewhere) the default progress is one line rewritten
// in place: replications done, simulated seconds and an estimate of the time to go; cleared at
// the end.
TEST(CliReplications, ProgressOnATerminalIsOneLineRewrittenInPlace) {
  const fs::path scenario = write_scenario("medium.json", R"({"name": "medium", "duration_s": 20,
    "workload": {"arrivals": {"type": "poisson", "rate_per_s": 50000}, "key_classes": [{"keys": {"type": "zipf", "count": 20000}}]}})");
  const fs::path typescript = scratch_dir() / "typescript.txt";
  const std::string command = "timeout -s KILL 120 script -qec '" + std::string(CACHESTORM_BINARY) + " run " +
                              scenario.string() + " --replications 4 -j 1 --out " + (scratch_dir() / "out").string() +
                              " >/dev/null' /dev/null > " + typescript.string();
  ASSERT_EQ(std::system(command.c_str()), 0);
  const std::string text = testing::without_sanitizer_notes(read_file(typescript));
  EXPECT_NE(text.find("\r\033[Kcachestorm: "), std::string::npos) << text;
  EXPECT_NE(text.find(" of 4 replications done, "), std::string::npos) << text;
  EXPECT_NE(text.find(" s simulated ("), std::string::npos) << text;
  EXPECT_NE(text.find(" to go"), std::string::npos) << text;
  EXPECT_EQ(text.find('\n'), std::string::npos) << "the line is rewritten, never ended: " << text;
  ASSERT_GE(text.size(), 4u);
  EXPECT_EQ(text.substr(text.size() - 4), "\r\033[K") << "cleared at the end";
  fs::remove_all(scratch_dir());
}

}  // namespace
}  // namespace cachestorm
