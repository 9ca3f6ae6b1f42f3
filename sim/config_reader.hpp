// Reads one JSON object of a scenario into a config struct, checking every value and naming the
// JSON path of any error ("origin.connections: must be a positive integer (got 0)").
//
// Defaults stay in the config structs: a key that is absent leaves the member as initialised.
// Every key read (or defaulted) is written to a "resolved" JSON tree, so the scenario as actually
// run can be saved and hashed. finish() rejects keys nobody read, listing the valid ones.
// Not a schema validator: each model declares its own keys in its visit function. A reader in
// schema mode (constructed with a schema object) also writes a JSON Schema of every key it reads
// (type, range, default, nullability; a typed block becomes a oneOf over every registered type),
// so scenarios/schema.json is generated from the parser itself and cannot drift from it.
#pragma once
#include <concepts>
#include <cstdint>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/registry.hpp"

namespace cachestorm::sim {

// Exact integer arithmetic for range checks of any 64-bit value (a GCC/Clang extension).
__extension__ typedef __int128 Int128;

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
  // REQUIRES: `resolved` (and `schema`, if given) outlive the reader. Throws ConfigError if `node`
  // is not an object. With `schema`, the reader also describes every key it reads there.
  ConfigReader(const nlohmann::json& node, nlohmann::json& resolved, std::string path,
               nlohmann::json* schema = nullptr);

  void number(std::string_view key, double& value, Range range = {});
  // An integer key read into the type the model uses: a JSON integer, or a number with an
  // integral value (1e3); checked exactly (no rounding through double) against `range` and
  // against what T holds, so 4294967296 is refused for a uint32_t instead of wrapping to 0.
  template <std::integral T>
  void integer(std::string_view key, T& value, Range range = {}) {
    if (const auto read = read_integer(key, range, kLimits<T>, nullptr)) value = static_cast<T>(*read);
    (*resolved_)[std::string(key)] = value;
    if (schema_ != nullptr) describe_integer(key, range, kLimits<T>, value, false);
  }
  void flag(std::string_view key, bool& value);
  void text(std::string_view key, std::string& value);
  // A string that must be one of `choices` (the error lists them).
  void choice(std::string_view key, std::string& value, const std::vector<std::string>& choices);
  // Nullable keys: an explicit null empties the optional (null means what the documentation
  // says, not "use the default"); an absent key leaves the default. Written as null when empty.
  void optional_number(std::string_view key, std::optional<double>& value, Range range = {});
  template <std::integral T>
  void optional_integer(std::string_view key, std::optional<T>& value, Range range = {}) {
    bool null = false;
    if (const auto read = read_integer(key, range, kLimits<T>, &null)) value = static_cast<T>(*read);
    if (null) value.reset();
    (*resolved_)[std::string(key)] = value ? nlohmann::json(*value) : nlohmann::json(nullptr);
    if (schema_ != nullptr) describe_integer(key, range, kLimits<T>, (*resolved_)[std::string(key)], true);
  }

  // Sub-object at key (an absent key reads as {}). Call finish() on it when done.
  ConfigReader child(std::string_view key);
  // Elements of an array at key (absent reads as []), each an object reader with path "key[i]".
  std::vector<ConfigReader> array(std::string_view key);
  // The same for an array that must hold at least one element; absent reads as [{}] (one element
  // of defaults), an empty array is an error.
  std::vector<ConfigReader> non_empty_array(std::string_view key);

  // A block with a "type" chosen from Registry<Base>; absent key or type uses default_type.
  template <class Base>
  std::unique_ptr<Base> typed(std::string_view key, std::string_view default_type) {
    ConfigReader block = child(key);
    return block.build_typed<Base>(default_type);
  }
  // A typed block that may be left out or null: nullptr then (written as null), the block
  // otherwise (its "type" defaulting to default_type).
  template <class Base>
  std::unique_ptr<Base> optional_typed(std::string_view key, std::string_view default_type) {
    if (schema_ == nullptr && !present(key)) {
      leave_null(key);
      return nullptr;
    }
    auto object = typed<Base>(key, default_type);
    if (schema_ != nullptr) allow_null(key);
    return object;
  }
  // An object block that may be left out or null (written as null): read(child) runs when it is
  // there (and when describing). Returns whether it ran.
  template <class Read>
  bool optional_child(std::string_view key, Read read) {
    if (schema_ == nullptr && !present(key)) {
      leave_null(key);
      return false;
    }
    read(child(key));
    if (schema_ != nullptr) allow_null(key);
    return true;
  }
  // The key is valid here but unused: it reads as null (REQUIRES: !present(key)).
  void leave_null(std::string_view key) {
    find(key);
    (*resolved_)[std::string(key)] = nullptr;
  }
  // The key is valid here but does not apply: it is left out of the resolved scenario.
  // REQUIRES: !present(key).
  void leave_out(std::string_view key) { find(key); }
  // The key is in the object with a value other than null.
  bool present(std::string_view key) const {
    const auto it = node_->find(key);
    return it != node_->end() && !it->is_null();
  }
  // This object itself is a typed block (used for array elements). An empty default_type makes
  // "type" required.
  template <class Base>
  std::unique_ptr<Base> build_typed(std::string_view default_type) {
    std::string type(default_type);
    if (schema_ != nullptr) {
      describe_typed(Registry<Base>::instance(), default_type);
      if (type.empty()) type = Registry<Base>::instance().names().front();  // something to build
    }
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
  // What this reader has read so far, defaults filled in.
  const nlohmann::json& resolved() const { return *resolved_; }
  // In schema mode the reader reads placeholders, not a scenario: skip cross-key checks.
  bool describing() const { return schema_ != nullptr; }
  std::string path_of(std::string_view key) const;

 private:
  struct IntegerLimits {
    Int128 min, max;
  };
  template <class T>
  static constexpr IntegerLimits kLimits{std::numeric_limits<T>::min(), std::numeric_limits<T>::max()};
  // The key's value if present, checked against range and limits; empty if absent or null. With
  // null_seen, null is allowed and reported there; without, null is an error.
  std::optional<Int128> read_integer(std::string_view key, Range range, IntegerLimits limits, bool* null_seen);
  // The range's integers that T can hold, as [low, high].
  static std::pair<Int128, Int128> integer_bounds(Range range, IntegerLimits limits);
  // Schema mode: the key's schema also admits null, its default.
  void allow_null(std::string_view key);
  // Schema mode: record one key's schema.
  void describe(std::string_view key, nlohmann::json fragment);
  void describe_integer(std::string_view key, Range range, IntegerLimits limits, const nlohmann::json& default_value,
                        bool nullable);
  // Schema mode: this object is a typed block; describe every registered type as a oneOf branch
  // (each factory run over {"type": name} with its own schema) and stop describing this reader.
  template <class Base>
  void describe_typed(const Registry<Base>& registry, std::string_view default_type) {
    nlohmann::json* block = schema_;
    schema_ = nullptr;
    *block = typed_block_schema(default_type);
    for (const auto& name : registry.names()) {
      const nlohmann::json only_type = {{"type", name}};
      nlohmann::json resolved;
      nlohmann::json branch = object_schema();
      branch["properties"]["type"] = {{"const", name}};
      if (name != default_type) branch["required"] = {"type"};  // only the default may leave it out
      ConfigReader branch_reader(only_type, resolved, path_, &branch);
      branch_reader.known_.emplace_back("type");
      (*registry.find(name))(branch_reader);
      (*block)["oneOf"].push_back(std::move(branch));
    }
  }
  static nlohmann::json object_schema();
  static nlohmann::json typed_block_schema(std::string_view default_type);
  const nlohmann::json* find(std::string_view key);
  void check_range(std::string_view key, double value, Range range, bool integral) const;
  [[noreturn]] void fail_unknown_type(const std::string& type, const std::vector<std::string>& valid) const;

  const nlohmann::json* node_;
  nlohmann::json* resolved_;
  std::string path_;
  std::vector<std::string> known_;
  nlohmann::json* schema_ = nullptr;  // schema mode: this object's JSON Schema
};

}  // namespace cachestorm::sim
