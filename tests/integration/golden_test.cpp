// Golden outputs: every shipped scenario (and a warm-up, a replicated and the old mass-expiry
// case) run at the horizon tests/golden/cases.tsv gives it must write summary.json,
// timeseries.csv and events.jsonl (and a replicated run's replications.csv) byte for byte as
// checked in under tests/golden/<case>/. A change that claims "outputs unchanged" is checked here;
// one meant to move results regenerates them with scripts/update_golden.sh and has its diff
// reviewed (tests/golden/README.md).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_helpers.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::scratch_dir;

const fs::path kSource = CACHESTORM_SOURCE_DIR;
const fs::path kGolden = kSource / "tests" / "golden";

struct GoldenCase {
  std::string name, scenario, arguments;
};

// How ctest and gtest name a case in their reports.
void PrintTo(const GoldenCase& c, std::ostream* out) { *out << c.name; }

std::vector<GoldenCase> golden_cases() {
  std::vector<GoldenCase> cases;
  std::ifstream in(kGolden / "cases.tsv");
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const size_t a = line.find('\t'), b = line.find('\t', a + 1);
    cases.push_back({line.substr(0, a), line.substr(a + 1, b - a - 1), b == std::string::npos ? "" : line.substr(b + 1)});
  }
  return cases;
}

// "" if equal, else where the texts first differ: the line number and both lines.
std::string first_difference(const std::string& want, const std::string& got) {
  std::istringstream w(want), g(got);
  std::string lw, lg;
  for (size_t line = 1;; ++line) {
    const bool more_w = static_cast<bool>(std::getline(w, lw)), more_g = static_cast<bool>(std::getline(g, lg));
    if (!more_w && !more_g) return want == got ? "" : "the same lines, different line ends";
    if (more_w != more_g || lw != lg)
      return "line " + std::to_string(line) + ":\n  golden: " + (more_w ? lw : "<end of file>") +
             "\n  now:    " + (more_g ? lg : "<end of file>");
  }
}

class Golden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(Golden, OutputsAreByteIdenticalToTheCheckedInOnes) {
  const GoldenCase& c = GetParam();
  const fs::path out = scratch_dir() / c.name;
  const auto run = run_cli("run " + (kSource / c.scenario).string() + " " + c.arguments + " --quiet --out " + out.string(), 900);
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  size_t compared = 0;
  for (const auto& golden : fs::directory_iterator(kGolden / c.name)) {
    const std::string file = golden.path().filename().string();
    ASSERT_TRUE(fs::exists(out / file)) << file << " is no longer written";
    EXPECT_EQ(first_difference(read_file(golden.path()), read_file(out / file)), "")
        << c.name << "/" << file << " differs from tests/golden (if the change is meant to move results: "
        << "scripts/update_golden.sh, then review the diff)";
    ++compared;
  }
  EXPECT_GE(compared, 3u) << "summary.json, timeseries.csv and events.jsonl at least";
  fs::remove_all(out);
}

INSTANTIATE_TEST_SUITE_P(Cases, Golden, ::testing::ValuesIn(golden_cases()),
                         [](const ::testing::TestParamInfo<GoldenCase>& info) { return info.param.name; });

TEST(GoldenCases, EveryShippedScenarioHasOneAndEveryCaseItsFiles) {
  std::set<std::string> listed, names;
  for (const auto& c : golden_cases()) {
    listed.insert(c.scenario);
    EXPECT_TRUE(names.insert(c.name).second) << c.name << " is listed twice";
    for (const char* file : {"summary.json", "timeseries.csv", "events.jsonl"})
      EXPECT_TRUE(fs::exists(kGolden / c.name / file)) << c.name << "/" << file;
  }
  for (const char* dir : {"scenarios", "scenarios/strategies", "scenarios/failover"})
    for (const auto& entry : fs::directory_iterator(kSource / dir)) {
      const std::string path = fs::relative(entry.path(), kSource).string();
      if (entry.path().extension() == ".json" && entry.path().filename() != "schema.json") {
        EXPECT_TRUE(listed.count(path)) << path << " has no golden case in tests/golden/cases.tsv";
      }
    }
  for (const auto& entry : fs::directory_iterator(kGolden)) {
    if (entry.is_directory()) {
      EXPECT_TRUE(names.count(entry.path().filename().string())) << entry.path() << " belongs to no case";
    }
  }
}

}  // namespace
}  // namespace cachestorm
