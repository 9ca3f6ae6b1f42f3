// Metrics are declared once, by the models that record them: every family a run declares (with
// several shards and app instances, so every labelled family appears) is documented in
// results/README.md's table with its unit and label.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "integration/test_scenarios.hpp"
#include "models/platform_layout.hpp"
#include "models/request_plane.hpp"

namespace cachestorm {
namespace {

TEST(MetricDocs, EveryDeclaredMetricIsInTheResultsReadmeWithItsUnit) {
  const auto scenario = testing::scenario_from({{"cache", {{"nodes", 2}}}, {"topology", {{"app_instances", 2}}}});
  models::MetricTable table(scenario.duration_s);
  const models::RequestPlane plane(scenario, models::paths_from_links(scenario), sim::RngStreams(1, 0), table);
  std::ifstream file(std::string(CACHESTORM_SOURCE_DIR) + "/results/README.md");
  std::stringstream readme;
  readme << file.rdbuf();
  std::set<std::string> families;
  for (const auto& series : table.all_series()) {
    const auto& family = *series.family;
    if (!families.insert(family.name).second) continue;
    const std::string label = *family.label != '\0' ? std::string(family.label) + " " : "";
    const std::string row = std::string("| `") + family.name + "` | " + label + "| " + family.unit + " |";
    EXPECT_NE(readme.str().find(row), std::string::npos) << "results/README.md has no row starting " << row;
  }
  EXPECT_GE(families.size(), 26u);
}

}  // namespace
}  // namespace cachestorm
