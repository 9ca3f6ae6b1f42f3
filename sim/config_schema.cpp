// Schema mode of ConfigReader (see config_reader.hpp): how each key is described.
#include <limits>

#include "sim/config_reader.hpp"

namespace cachestorm::sim {
namespace {

// A bound as a JSON number: exact for anything a 64-bit integer holds.
nlohmann::json integer_json(Int128 value) {
  if (value < 0) return static_cast<int64_t>(value);
  return static_cast<uint64_t>(value);
}

}  // namespace

nlohmann::json ConfigReader::object_schema() {
  return {{"type", "object"}, {"additionalProperties", false}, {"properties", nlohmann::json::object()}};
}

nlohmann::json ConfigReader::typed_block_schema(std::string_view default_type) {
  nlohmann::json block = {{"type", "object"}, {"oneOf", nlohmann::json::array()}};
  if (default_type.empty()) {
    block["required"] = {"type"};
  } else {
    block["description"] = "\"type\" selects the implementation; without it: " + std::string(default_type);
  }
  return block;
}

void ConfigReader::describe(std::string_view key, nlohmann::json fragment) {
  (*schema_)["properties"][std::string(key)] = std::move(fragment);
}

void ConfigReader::describe_integer(std::string_view key, Range range, IntegerLimits limits,
                                    const nlohmann::json& default_value, bool nullable) {
  const auto [low, high] = integer_bounds(range, limits);
  describe(key, {{"type", nullable ? nlohmann::json{"integer", "null"} : nlohmann::json("integer")},
                 {"minimum", integer_json(low)},
                 {"maximum", integer_json(high)},
                 {"default", default_value}});
}

}  // namespace cachestorm::sim
