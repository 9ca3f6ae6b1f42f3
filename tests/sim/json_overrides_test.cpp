// --set overrides (sim/json_overrides.hpp): each case's resulting document or error, exactly.
#include <gtest/gtest.h>

#include "sim/config_reader.hpp"
#include "sim/json_overrides.hpp"

namespace cachestorm::sim {
namespace {

using nlohmann::json;

std::string error_of(json document, const std::string& assignment) {
  try {
    apply_override(document, assignment);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(JsonOverrides, SetsNestedKeysCreatingMissingObjects) {
  json document = {{"origin", {{"connections", 64}}}};
  apply_override(document, "origin.connections=128");
  apply_override(document, "origin.service_s.type=\"deterministic\"");
  apply_override(document, "client.timeout_s=null");
  EXPECT_EQ(document, (json{{"origin", {{"connections", 128}, {"service_s", {{"type", "deterministic"}}}}},
                            {"client", {{"timeout_s", nullptr}}}}));
}

TEST(JsonOverrides, ValuesAreJsonElseStrings) {
  json document = json::object();
  apply_override(document, "a=1e3");
  apply_override(document, "b=true");
  apply_override(document, "c={\"type\": \"uniform\", \"count\": 5}");
  apply_override(document, "name=run-7");
  apply_override(document, "d=x=y");  // only the first '=' separates
  EXPECT_EQ(document, (json{{"a", 1000.0}, {"b", true}, {"c", {{"type", "uniform"}, {"count", 5}}}, {"name", "run-7"},
                            {"d", "x=y"}}));
}

TEST(JsonOverrides, ArrayIndicesNameAnElementOrAppendOne) {
  json document = {{"faults", {{{"type", "cache_down"}, {"at_s", 5}}}}};
  apply_override(document, "faults[0].at_s=30");
  apply_override(document, "faults[1]={\"type\": \"cache_down\", \"node\": 1}");
  EXPECT_EQ(document["faults"][0]["at_s"], 30);
  EXPECT_EQ(document["faults"][1]["node"], 1);
  EXPECT_EQ(error_of(document, "faults[3].at_s=1"), "faults[3]: no such element (faults has 2)");
}

TEST(JsonOverrides, PathsThatNameNothingAreErrorsNamingThem) {
  const json document = {{"origin", {{"connections", 64}}}, {"faults", json::array()}};
  EXPECT_EQ(error_of(document, "origin.connections.max=3"), "origin.connections: is not an object, so .max names nothing");
  EXPECT_EQ(error_of(document, "origin[0]=3"), "origin: is not an array, so [0] names nothing");
  EXPECT_EQ(error_of(document, "oops"), "--set: cannot read \"oops\": no '=' (write a.b.c=value)");
  EXPECT_NE(error_of(document, "a..b=1").find("expected a key at character 3"), std::string::npos);
  EXPECT_NE(error_of(document, "faults[x]=1").find("an index must be a number"), std::string::npos);
  EXPECT_NE(error_of(document, "=1").find("no path before '='"), std::string::npos);
}

}  // namespace
}  // namespace cachestorm::sim
