// Reads one JSON object of a scenario into a config struct, checking every value and naming the
// JSON path of any error ("origin.connections: must be a positive integer (got 0)").
//
// Defaults stay in the config structs: a key that is absent leaves the member as initialised.
// Every key read (or defaulted) is written to a "resolved" JSON tree, so the scenario as actually
// run can be saved and hashed. finish() rejects keys nobody read, listing the valid ones.
// Not a schema validator: each model declares its own keys in its visit function.
#pragma once
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/registry.hpp"

namespace cachestorm::sim {

// A scenario that cannot be run. what() is the full message, path first.
class ConfigError : public std::runtime_error {
 public:
  ConfigError(const std::string& path, const std::string& problem)
      : std::runtime_error(path.empty() ? problem : path + ": " + problem) {}
};

// Allowed range of a number; both bounds inclusive unless the flag says otherwise.
struct Range {
  double min = -1e308;
  double max = 1e308;
  bool min_exclusive = false;
  static Range positive() { return {0.0, 1e308, true}; }
  static Range non_negative() { return {0.0, 1e308, false}; }
  static Range between(double lo, double hi) { return {lo, hi, false}; }
};

class ConfigReader {
 public:
  // REQUIRES: `resolved` outlives the reader. Throws ConfigError if `node` is not an object.
  ConfigReader(const nlohmann::json& node, nlohmann::json& resolved, std::string path);

  void number(std::string_view key, double& value, Range range = {});
  void integer(std::string_view key, int64_t& value, Range range = {});
  void flag(std::string_view key, bool& value);
  void text(std::string_view key, std::string& value);
  // Absent or null leaves the optional empty (written as null).
  void optional_number(std::string_view key, std::optional<double>& value, Range range = {});
  void optional_integer(std::string_view key, std::optional<int64_t>& value, Range range = {});

  // Sub-object at key (an absent key reads as {}). Call finish() on it when done.
  ConfigReader child(std::string_view key);
  // Elements of an array at key (absent reads as []), each an object reader with path "key[i]".
  std::vector<ConfigReader> array(std::string_view key);

  // A block with a "type" chosen from Registry<Base>; absent key or type uses default_type.
  template <class Base>
  std::unique_ptr<Base> typed(std::string_view key, std::string_view default_type) {
    ConfigReader block = child(key);
    return block.build_typed<Base>(default_type);
  }
  // This object itself is a typed block (used for array elements). An empty default_type makes
  // "type" required.
  template <class Base>
  std::unique_ptr<Base> build_typed(std::string_view default_type) {
    std::string type(default_type);
    text("type", type);
    const auto* factory = Registry<Base>::instance().find(type);
    if (factory == nullptr) fail_unknown_type(type, Registry<Base>::instance().names());
    auto object = (*factory)(*this);
    finish();
    return object;
  }

  // Throws ConfigError naming the first key that was never read, with the list of valid keys.
  void finish() const;
  const std::string& path() const { return path_; }
  std::string path_of(std::string_view key) const;

 private:
  const nlohmann::json* find(std::string_view key);
  void check_range(std::string_view key, double value, Range range, bool integral) const;
  [[noreturn]] void fail_unknown_type(const std::string& type, const std::vector<std::string>& valid) const;

  const nlohmann::json* node_;
  nlohmann::json* resolved_;
  std::string path_;
  std::vector<std::string> known_;
};

// Parses JSON text; a syntax error becomes a ConfigError naming the byte offset.
nlohmann::json parse_json_text(const std::string& text, const std::string& origin_name);

}  // namespace cachestorm::sim
