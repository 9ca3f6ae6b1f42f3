// Scenario checking: each error names its JSON path and, where there is a choice, the valid ones.
#include <gtest/gtest.h>

#include <string>

#include "models/scenario.hpp"
#include "sim/config_reader.hpp"
#include "sim/json_text.hpp"

namespace cachestorm::models {
namespace {

std::string error_of(const std::string& text) {
  try {
    parse_scenario(sim::parse_json_text(text, "(document)"));
  } catch (const sim::ConfigError& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(ScenarioErrors, NameThePathAndTheRule) {
  EXPECT_EQ(error_of(R"({"origin": {"connections": 0}})"), "origin.connections: must be an integer in [1, 4294967295] (got 0)");
  EXPECT_EQ(error_of(R"({"origin": {"connections": 2.5}})"),
            "origin.connections: must be an integer in [1, 4294967295] (got 2.5)");
  EXPECT_EQ(error_of(R"({"workload": {"key_classes": [{"ttl_s": "300"}]}})"),
            "workload.key_classes[0].ttl_s: must be a positive number or null (got \"300\")");
  EXPECT_EQ(error_of(R"({"topology": {"app_link": {"latency_s": -1}}})"),
            "topology.app_link.latency_s: must be a non-negative number (got -1)");
  EXPECT_EQ(error_of(R"({"cache": []})"), "cache: must be a JSON object (got an array of 0 elements)");
}

TEST(ScenarioErrors, UnknownKeysListTheValidOnes) {
  EXPECT_EQ(error_of(R"({"cache": {"tll_s": 5}})"),
            "cache.tll_s: unknown key; valid keys here: active_expiry, commands, enabled, eviction, failover, memory, nodes, persistence, "
            "read_from, replicas_per_shard, replication, slot_ranges, topology_refresh, warm_start");
}

TEST(ScenarioErrors, UnknownTypesListTheRegisteredOnes) {
  EXPECT_EQ(error_of(R"({"origin": {"service_s": {"type": "expo"}}})"),
            "origin.service_s.type: unknown type \"expo\"; valid types: deterministic, exponential, lognormal, uniform");
  EXPECT_EQ(error_of(R"({"faults": [{"node": 0}]})"), "faults[0].type: required; valid types: cache_down, cache_flush, cache_slow, hot_keys_flush, load_spike, minority_partition, origin_down, origin_errors, origin_slow, partition");
  EXPECT_EQ(error_of(R"({"faults": [{"type": "cache_down", "node": 3}]})"),
            "faults[0].node: must be < cache.nodes (1)");
  EXPECT_EQ(error_of(R"({"workload": {"key_classes": [{"keys": {"type": "zipf", "count": 10, "alpha": 1}}]}})"),
            "workload.key_classes[0].keys.alpha: unknown key; valid keys here: count, s, type");
}

TEST(ScenarioErrors, SyntaxErrorsGiveTheByteOffset) {
  const std::string message = error_of(R"({"origin": {"connections": 4,}})");
  EXPECT_EQ(message.rfind("origin: not valid JSON at byte 30", 0), 0u) << message;
  const std::string top = error_of(R"({"name": "x"} trailing)");
  EXPECT_EQ(top.rfind("(document): not valid JSON at byte ", 0), 0u) << top;
}

TEST(ScenarioDefaults, AbsentKeysTakeStructDefaultsAndAppearResolved) {
  const Scenario scenario = parse_scenario(nlohmann::json::object());
  EXPECT_EQ(scenario.origin.connections, OriginConfig{}.connections);
  EXPECT_EQ(scenario.resolved["origin"]["connections"], OriginConfig{}.connections);
  EXPECT_EQ(scenario.resolved["origin"]["service_s"]["type"], "exponential");
  EXPECT_TRUE(scenario.resolved["origin"]["queue_limit"].is_null());
  ASSERT_EQ(scenario.workload.key_classes.size(), 1u);  // absent key_classes: one class of defaults
  EXPECT_EQ(scenario.resolved["workload"]["key_classes"][0]["ttl_s"], KeyClassConfig{}.ttl_s);
  EXPECT_EQ(scenario.resolved["workload"]["key_classes"][0]["pattern"], KeyClassConfig{}.pattern);
  EXPECT_EQ(scenario.resolved["cache"]["commands"]["get"]["base_s"], ShardServiceTimes{}.get.base_s);
}

TEST(ScenarioDefaults, SeedOverrideReplacesTheFileSeed) {
  const Scenario scenario = parse_scenario(nlohmann::json{{"seed", 5}}, 9);
  EXPECT_EQ(scenario.seed, 9);
  EXPECT_EQ(scenario.resolved["seed"], 9);
}

}  // namespace
}  // namespace cachestorm::models
