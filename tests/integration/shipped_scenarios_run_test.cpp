// Every scenario shipped in scenarios/ runs to completion through the command, on a short horizon
// (90 s, or 30 s past its last fault, if it is longer: --set duration_s), and its outcomes
// add up in every window of timeseries.csv and in the summary: requests = ok + errors + client
// timeouts + unfinished. Each count is kept on its own (unfinished is counted from the requests
// left without an outcome), so an outcome counted twice or lost breaks the identity.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "integration/cli_helpers.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

// Sums of timeseries.csv rows (t_s,metric,label,value,unit) per window and metric, over labels.
std::map<std::pair<int, std::string>, double> windows_of(const std::string& csv) {
  std::map<std::pair<int, std::string>, double> sums;
  std::istringstream rows(csv);
  std::string row;
  std::getline(rows, row);
  while (std::getline(rows, row)) {
    std::stringstream fields(row);
    std::string t, metric, label, value;
    std::getline(fields, t, ',');
    std::getline(fields, metric, ',');
    std::getline(fields, label, ',');
    std::getline(fields, value, ',');
    sums[{std::stoi(t), metric}] += std::stod(value);
  }
  return sums;
}

// 90 s, or 30 s past the scenario's last fault, at most its own duration_s.
long short_horizon_s(const fs::path& scenario) {
  const auto document = nlohmann::json::parse(testing::read_file(scenario));
  double horizon = 90.0;
  for (const auto& fault : document.value("faults", nlohmann::json::array()))
    horizon = std::max(horizon, fault["at_s"].get<double>() + 30.0);
  return static_cast<long>(std::ceil(std::min(horizon, document.value("duration_s", 60.0))));
}

TEST(ShippedScenarios, EachRunsToCompletionAndItsOutcomesAddUp) {
  int ran = 0;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(CACHESTORM_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() != ".json" || entry.path().filename() == "schema.json") continue;
    const fs::path out = testing::scratch_dir() / entry.path().stem();
    const auto outcome = testing::run_cli("run " + entry.path().string() + " -q --set duration_s=" +
                                              std::to_string(short_horizon_s(entry.path())) + " --out " + out.string(),
                                          600);
    ASSERT_EQ(outcome.exit_code, 0) << entry.path() << ": " << outcome.stderr_text;
    const auto summary = nlohmann::json::parse(testing::read_file(out / "summary.json"));
    const auto& r = summary["requests"];
    EXPECT_EQ(summary["status"], "complete") << entry.path();
    EXPECT_EQ(r["total"].get<uint64_t>(), r["ok"].get<uint64_t>() + r["errors"].get<uint64_t>() +
                                              r["client_timeouts"].get<uint64_t>() + r["unfinished"].get<uint64_t>())
        << entry.path();
    auto sums = windows_of(testing::read_file(out / "timeseries.csv"));
    const int windows = static_cast<int>(std::ceil(summary["duration_s"].get<double>()));
    const auto at = [&sums](int w, const char* metric) { return sums[std::make_pair(w, std::string(metric))]; };
    for (int w = 0; w < windows; ++w) {
      const double requests = at(w, "requests");
      const double outcomes = at(w, "ok") + at(w, "errors") + at(w, "client_timeouts") + at(w, "unfinished");
      EXPECT_GT(requests, 0.0) << entry.path() << " window " << w;
      EXPECT_EQ(requests, outcomes) << entry.path() << " window " << w;
      EXPECT_EQ(at(w, "latency_count"), requests - at(w, "unfinished")) << entry.path() << " window " << w;
    }
    ++ran;
  }
  EXPECT_GE(ran, 21);
  fs::remove_all(testing::scratch_dir());
}

}  // namespace
}  // namespace cachestorm
