// scenarios/schema.json is the parser's own description of scenarios (ConfigReader schema mode):
// the committed file equals what the parser generates, every shipped scenario validates against
// it, and on the bad-input corpus the schema and the parser agree: each case the parser refuses,
// the schema refuses too, except for the rules a JSON Schema cannot state (listed below).
// Validation here is a small validator for the keywords the generator emits.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "models/scenario.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

using nlohmann::json;

std::string read(const fs::path& path) {
  std::stringstream text;
  text << std::ifstream(path, std::ios::binary).rdbuf();
  return text.str();
}

fs::path source(const std::string& relative) { return fs::path(CACHESTORM_SOURCE_DIR) / relative; }

// Exact for every 64-bit integer (long double has a 64-bit mantissa on x86-64).
long double as_long_double(const json& number) {
  if (number.is_number_unsigned()) return static_cast<long double>(number.get<uint64_t>());
  if (number.is_number_integer()) return static_cast<long double>(number.get<int64_t>());
  return static_cast<long double>(number.get<double>());
}

bool has_type(const json& value, const std::string& type) {
  if (type == "null") return value.is_null();
  if (type == "boolean") return value.is_boolean();
  if (type == "string") return value.is_string();
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "number") return value.is_number();
  if (type == "integer") return value.is_number_integer() || (value.is_number_float() && std::isfinite(value.get<double>()) &&
                                                            std::nearbyint(value.get<double>()) == value.get<double>());
  return false;
}

bool valid(const json& value, const json& schema);

bool valid_object(const json& value, const json& schema) {
  for (const auto& name : schema.value("required", json::array()))
    if (!value.contains(name.get<std::string>())) return false;
  const json properties = schema.value("properties", json::object());
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (!properties.contains(it.key())) {
      if (schema.value("additionalProperties", true) == false) return false;
      continue;
    }
    if (!valid(it.value(), properties[it.key()])) return false;
  }
  return true;
}

bool valid(const json& value, const json& schema) {
  if (schema.contains("const") && value != schema["const"]) return false;
  if (schema.contains("enum") && std::find(schema["enum"].begin(), schema["enum"].end(), value) == schema["enum"].end())
    return false;
  if (schema.contains("type")) {
    const json types = schema["type"].is_array() ? schema["type"] : json::array({schema["type"]});
    if (std::none_of(types.begin(), types.end(), [&](const json& t) { return has_type(value, t.get<std::string>()); }))
      return false;
  }
  if (value.is_number()) {
    const long double x = as_long_double(value);
    if (schema.contains("minimum") && x < as_long_double(schema["minimum"])) return false;
    if (schema.contains("exclusiveMinimum") && x <= as_long_double(schema["exclusiveMinimum"])) return false;
    if (schema.contains("maximum") && x > as_long_double(schema["maximum"])) return false;
  }
  if (value.is_object() && !valid_object(value, schema)) return false;
  if (value.is_array() && schema.contains("items"))
    for (const auto& element : value)
      if (!valid(element, schema["items"])) return false;
  if (schema.contains("oneOf")) {
    int matches = 0;
    for (const auto& branch : schema["oneOf"]) matches += valid(value, branch) ? 1 : 0;
    if (matches != 1) return false;
  }
  if (schema.contains("anyOf") &&
      std::none_of(schema["anyOf"].begin(), schema["anyOf"].end(), [&](const json& branch) { return valid(value, branch); }))
    return false;
  return true;
}

TEST(ScenarioSchema, TheCommittedSchemaIsTheOneTheParserGenerates) {
  EXPECT_EQ(read(source("scenarios/schema.json")), models::scenario_schema().dump(2) + "\n")
      << "regenerate with: ./build/cachestorm schema > scenarios/schema.json";
}

TEST(ScenarioSchema, DefaultsAndShippedScenariosValidate) {
  const json schema = models::scenario_schema();
  EXPECT_TRUE(valid(json::object(), schema));
  EXPECT_TRUE(valid(models::parse_scenario(json::object()).resolved, schema)) << "the resolved defaults";
  int files = 0;
  for (const auto& entry : fs::directory_iterator(source("scenarios"))) {
    if (entry.path().extension() != ".json" || entry.path().filename() == "schema.json") continue;
    ++files;
    EXPECT_TRUE(valid(json::parse(read(entry.path())), schema)) << entry.path();
  }
  EXPECT_GE(files, 4);
}

TEST(ScenarioSchema, ResolvedKeyClassesWithOwnArrivalsValidateAndParseToThemselves) {
  // A class with its own arrivals has no share, and with every class on its own arrivals there
  // is no workload.arrivals: both are left out of the resolved scenario, which must validate
  // against the schema and parse back to itself.
  const json document = {{"workload", {{"key_classes", {{{"name", "a"}, {"arrivals", {{"rate_per_s", 5}}}},
                                                         {{"name", "b"}, {"pattern", "b:{id}"},
                                                          {"arrivals", {{"rate_per_s", 7}}}}}}}}};
  const json resolved = models::parse_scenario(document).resolved;
  EXPECT_FALSE(resolved["workload"].contains("arrivals"));
  EXPECT_FALSE(resolved["workload"]["key_classes"][0].contains("share"));
  EXPECT_EQ(resolved["workload"]["key_classes"][1]["arrivals"]["rate_per_s"], 7);
  EXPECT_TRUE(valid(resolved, models::scenario_schema()));
  EXPECT_EQ(models::parse_scenario(resolved).resolved, resolved);
  const json mixed = {{"workload", {{"key_classes", {{{"name", "a"}}, {{"name", "b"}, {"pattern", "b:{id}"},
                                                                       {"arrivals", {{"rate_per_s", 7}}}}}}}}};
  const json mixed_resolved = models::parse_scenario(mixed).resolved;
  EXPECT_TRUE(mixed_resolved["workload"]["key_classes"][0]["arrivals"].is_null());
  EXPECT_TRUE(valid(mixed_resolved, models::scenario_schema()));
  EXPECT_EQ(models::parse_scenario(mixed_resolved).resolved, mixed_resolved);
}

TEST(ScenarioSchema, DefaultsInTheSchemaAreTheParsersDefaults) {
  const json schema = models::scenario_schema();
  const json resolved = models::parse_scenario(json::object()).resolved;
  EXPECT_EQ(schema["properties"]["origin"]["properties"]["connections"]["default"], resolved["origin"]["connections"]);
  EXPECT_EQ(schema["properties"]["workload"]["properties"]["key_classes"]["items"]["properties"]["ttl_s"]["default"],
            resolved["workload"]["key_classes"][0]["ttl_s"]);
  EXPECT_EQ(schema["properties"]["cache"]["properties"]["commands"]["properties"]["get"]["properties"]["base_s"]["default"],
            resolved["cache"]["commands"]["get"]["base_s"]);
  EXPECT_EQ(schema["properties"]["client"]["properties"]["timeout_s"]["default"], resolved["client"]["timeout_s"]);
  EXPECT_EQ(schema["properties"]["duration_s"]["default"], resolved["duration_s"]);
  for (auto it = resolved.begin(); it != resolved.end(); ++it)
    EXPECT_TRUE(schema["properties"].contains(it.key())) << it.key() << " is parsed but not in the schema";
}

TEST(ScenarioSchema, SchemaAndParserAgreeOnTheBadInputCorpus) {
  // Rules the parser applies that a JSON Schema cannot state: relations between keys, the name's
  // character set, the memory budget, and what JSON parsers disagree on (duplicate keys, NUL).
  const std::set<std::string> beyond_a_schema = {
      "range_uniform_max_below_min", "range_name_path",       "range_name_empty",     "fault_node_out_of_range",
      "fault_at_horizon",            "fault_after_horizon",   "fault_slow_node_out_of_range", "fault_origin_slow_after_horizon", "size_zipf_4e9_keys",   "size_zipf_1e9_keys",
      "size_uniform_4e9_keys",       "size_value_5e9_bytes",  "size_value_mean_beyond", "syntax_duplicate_key",
      "syntax_duplicate_nested_key", "syntax_nul_byte",
      // key classes: name charset, distinct names, {id} in the pattern, the total key count; an
      // empty list (minItems, which this checker does not read); slot ranges that must tile 0-16383
      "key_class_name_with_space", "key_class_names_repeat", "key_class_pattern_two_ids", "key_class_pattern_without_id",
      "key_classes_beyond_uint32", "key_classes_empty", "slot_ranges_gap", "slot_ranges_overlap",
      // writes: write_behind needs the cache; a writes' own key count within the class's; a
      // staleness budget needs writes
      "writes_behind_without_cache", "writes_keys_beyond_class", "staleness_budget_without_writes", "not_found_with_writes",
      "slot_ranges_shard_out_of_range",
      // a class's own arrivals exclude its share, and workload.arrivals when every class has its own
      "key_class_arrivals_and_share", "key_class_arrivals_all_own_with_shared",
      // strategies: each type once per class, TTL strategies need a ttl_s, none without the cache,
      // and a jitter key belongs to one mode, a lock key to single_flight's distributed scope
      "strategy_twice", "strategy_on_keys_without_ttl", "strategy_without_cache", "strategy_jitter_key_of_other_mode",
      "strategy_lock_key_on_instance_scope",
      // a nonzero number too small for a double: a JSON reader rounds it to 0 without a word
      "syntax_number_underflow",
      // sizes beyond the memory budget: a second class holding most keys, windows, connections
      "size_second_class_largest", "size_windows_very_long", "size_app_node_connections",
      // a trace path that names no regular file
      "trace_path_device", "trace_path_directory",
      // a retry policy's total deadline must be at least one attempt's timeout (client.timeout_s)
      "retries_deadline_below_timeout",
      // an adaptive limit's start must lie within its bounds
      "origin_limit_initial_beyond_max",
      // rate profiles: points in time order, a ramp that does not run backwards, a CSV file that
      // exists and is a regular file
      "profile_unsorted_points", "profile_ramp_backwards", "profile_csv_missing", "profile_csv_device",
      // windows: names (a pattern and uniqueness), a span that is empty or starts after the run
      "window_name_with_dot", "window_name_missing", "window_names_repeat", "window_empty", "window_after_the_run",
      // replicas: a fault's replica within replicas_per_shard, sentinel on one shard with a quorum
      // it can reach, no replicas with write_behind yet, read_from "replica" only with replicas
      "fault_replica_out_of_range", "fault_replica_without_replicas", "sentinel_on_shards",
      "sentinel_quorum_above_sentinels", "replicas_with_write_behind", "read_from_replica_without_replicas",
      "partition_app_out_of_range", "partition_apps_beyond"};
  const json schema = models::scenario_schema();
  std::set<std::string> accepted;
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(source("tests/bad_input"))) {
    if (entry.path().extension() != ".json") continue;
    const json document = json::parse(read(entry.path()), nullptr, false);
    if (document.is_discarded()) continue;  // not JSON: refused before any schema applies
    ++checked;
    if (valid(document, schema)) accepted.insert(entry.path().stem().string());
  }
  EXPECT_GE(checked, 60);
  EXPECT_EQ(accepted, beyond_a_schema);
}

// Every key name the schema knows, at every level and in every typed branch.
void collect_keys(const json& schema, std::set<std::string>& keys) {
  const json properties = schema.value("properties", json::object());  // a local: items() must not outlive it
  for (const auto& [key, sub] : properties.items()) {
    keys.insert(key);
    collect_keys(sub, keys);
  }
  const json branches = schema.value("oneOf", json::array());
  for (const auto& branch : branches) collect_keys(branch, keys);
  if (schema.contains("items")) collect_keys(schema["items"], keys);
}

TEST(ScenarioSchema, EveryKeyIsDocumentedInTheScenarioReadme) {
  std::set<std::string> keys;
  collect_keys(models::scenario_schema(), keys);
  EXPECT_GE(keys.size(), 30u);
  const std::string readme = read(source("scenarios/README.md"));
  for (const auto& key : keys)
    EXPECT_NE(readme.find("\"" + key + "\""), std::string::npos) << key << " is not documented in scenarios/README.md";
}

}  // namespace
}  // namespace cachestorm
