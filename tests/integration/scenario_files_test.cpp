// Every scenario shipped in scenarios/ loads, and the two canonical benchmark scenarios keep
// exactly the parameters other implementations are compared on (issue #2's definitions).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "models/scenario.hpp"
#include "sim/config_reader.hpp"
#include "sim/json_text.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

nlohmann::json resolved(const std::string& name) {
  std::stringstream text;
  text << std::ifstream(fs::path(CACHESTORM_SOURCE_DIR) / "scenarios" / name).rdbuf();
  return models::parse_scenario(sim::parse_json_text(text.str(), name)).resolved;
}

TEST(ScenarioFiles, EveryShippedScenarioLoads) {
  int files = 0;
  const fs::path root = fs::path(CACHESTORM_SOURCE_DIR) / "scenarios";
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".json" || entry.path().filename() == "schema.json") continue;
    ++files;
    EXPECT_NO_THROW(resolved(fs::relative(entry.path(), root).string())) << entry.path();
  }
  EXPECT_GE(files, 10);
}

TEST(ScenarioFiles, StrategyComparisonsDifferOnlyInTheirStrategyBlocks) {
  // So they run on common random numbers and the README's table compares strategies alone.
  const auto bare = [](nlohmann::json s) {
    s.erase("name");
    s.erase("description");
    for (auto& key_class : s["workload"]["key_classes"]) key_class.erase("strategies");
    return s;
  };
  for (const char* incident : {"hot_key", "shard_outage"}) {
    const auto baseline = bare(resolved(std::string("strategies/") + incident + "_none.json"));
    int variants = 0;
    for (const auto& entry : fs::directory_iterator(fs::path(CACHESTORM_SOURCE_DIR) / "scenarios" / "strategies")) {
      if (entry.path().filename().string().rfind(incident, 0) != 0) continue;
      EXPECT_EQ(bare(resolved("strategies/" + entry.path().filename().string())), baseline) << entry.path();
      ++variants;
    }
    EXPECT_GE(variants, 2) << incident;
  }
}

TEST(ScenarioFiles, SteadyIsTheCanonicalDefinition) {
  const auto s = resolved("steady.json");
  EXPECT_EQ(s["workload"]["arrivals"], (nlohmann::json{{"type", "poisson"}, {"rate_per_s", 50000.0}, {"profile", nullptr}}));
  ASSERT_EQ(s["workload"]["key_classes"].size(), 1u);
  EXPECT_EQ(s["workload"]["key_classes"][0]["keys"], (nlohmann::json{{"type", "zipf"}, {"count", 1000000}, {"s", 1.0}}));
  EXPECT_EQ(s["workload"]["key_classes"][0]["ttl_s"], 300.0);
  EXPECT_EQ(s["cache"]["nodes"], 1);
  EXPECT_EQ(s["cache"]["warm_start"], false);
  // Hit latency 0.5 ms: the app-to-cache route (app link 0 + cache link 0.25 ms) both ways.
  EXPECT_EQ(s["topology"]["app_link"]["latency_s"], 0.0);
  EXPECT_EQ(s["topology"]["cache_link"]["latency_s"], 0.00025);
  // The shard serves GET and SET with the documented defaults (models/cache/shard_server.hpp).
  EXPECT_EQ(s["cache"]["commands"]["get"]["base_s"], 6.9e-6);
  EXPECT_EQ(s["origin"]["connections"], 64);
  EXPECT_EQ(s["origin"]["service_s"], (nlohmann::json{{"type", "exponential"}, {"mean", 0.005}}));
  EXPECT_EQ(s["duration_s"], 600.0);
}

TEST(ScenarioFiles, StampedeIsTheCanonicalDefinition) {
  const auto s = resolved("stampede.json");
  EXPECT_EQ(s["workload"]["arrivals"], (nlohmann::json{{"type", "poisson"}, {"rate_per_s", 50000.0}, {"profile", nullptr}}));
  ASSERT_EQ(s["workload"]["key_classes"].size(), 1u);
  EXPECT_EQ(s["workload"]["key_classes"][0]["keys"], (nlohmann::json{{"type", "uniform"}, {"count", 1000}}));
  EXPECT_EQ(s["workload"]["key_classes"][0]["ttl_s"], 60.0);
  EXPECT_EQ(s["cache"]["nodes"], 1);
  EXPECT_EQ(s["cache"]["warm_start"], true);  // all filled at t = 0, expiring at t = 60 s
  EXPECT_EQ(s["origin"]["connections"], 4000);
  EXPECT_EQ(s["origin"]["service_s"], (nlohmann::json{{"type", "deterministic"}, {"value", 2.0}}));
  EXPECT_EQ(s["duration_s"], 180.0);
}

}  // namespace
}  // namespace cachestorm
