#include "sim/config_reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <sstream>

namespace cachestorm::sim {
namespace {

const nlohmann::json& empty_object() {
  static const nlohmann::json empty = nlohmann::json::object();
  return empty;
}

// A number key's schema: its JSON type(s), range and default.
nlohmann::json number_schema(const nlohmann::json& type, Range range, const nlohmann::json& default_value) {
  nlohmann::json fragment = {{"type", type}, {"default", default_value}};
  if (range.min > -1e308) fragment[range.min_exclusive ? "exclusiveMinimum" : "minimum"] = range.min;
  if (range.max < 1e308) fragment["maximum"] = range.max;
  return fragment;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out.empty() ? "(none)" : out;
}

// A short description of a value for an error message; never prints a large value whole.
std::string describe_value(const nlohmann::json& value) {
  if (value.is_object()) return "an object of " + std::to_string(value.size()) + " keys";
  if (value.is_array()) return "an array of " + std::to_string(value.size()) + " elements";
  std::string text = value.dump();
  return text.size() > 40 ? text.substr(0, 37) + "..." : text;
}

std::string range_text(Range range, bool integral) {
  const char* kind = integral ? "an integer" : "a number";
  std::ostringstream out;
  if (range.min == 0.0 && range.min_exclusive && range.max >= 1e308)
    out << "must be a positive " << (integral ? "integer" : "number");
  else if (range.min == 0.0 && range.max >= 1e308)
    out << "must be a non-negative " << (integral ? "integer" : "number");
  else if (range.max >= 1e308)
    out << "must be " << kind << (range.min_exclusive ? " > " : " >= ") << range.min;
  else
    out << "must be " << kind << " in [" << range.min << ", " << range.max << "]";
  return out.str();
}

}  // namespace

ConfigReader::ConfigReader(const nlohmann::json& node, nlohmann::json& resolved, std::string path,
                           nlohmann::json* schema)
    : node_(&node), resolved_(&resolved), path_(std::move(path)), schema_(schema) {
  if (!node.is_object()) throw ConfigError(path_, "must be a JSON object (got " + describe_value(node) + ")");
  if (!resolved_->is_object()) *resolved_ = nlohmann::json::object();
}

std::string ConfigReader::path_of(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const nlohmann::json* ConfigReader::find(std::string_view key) {
  known_.emplace_back(key);
  auto it = node_->find(key);
  return it == node_->end() ? nullptr : &*it;
}

void ConfigReader::check_range(std::string_view key, double value, Range range, bool integral) const {
  const bool below = range.min_exclusive ? value <= range.min : value < range.min;
  if (below || value > range.max || !std::isfinite(value)) {
    std::ostringstream got;
    got << value;
    throw ConfigError(path_of(key), range_text(range, integral) + " (got " + got.str() + ")");
  }
}

void ConfigReader::number(std::string_view key, double& value, Range range) {
  if (const auto* found = find(key)) {
    if (!found->is_number()) throw ConfigError(path_of(key), range_text(range, false) + " (got " + describe_value(*found) + ")");
    value = found->get<double>();
  }
  check_range(key, value, range, false);
  (*resolved_)[std::string(key)] = value;
  if (schema_ != nullptr) describe(key, number_schema("number", range, value));
}

namespace {

std::string int_text(Int128 value) {
  if (value == 0) return "0";
  const bool negative = value < 0;
  std::string digits;
  for (; value != 0; value /= 10) digits.insert(digits.begin(), static_cast<char>('0' + std::abs(static_cast<int>(value % 10))));
  return negative ? "-" + digits : digits;
}

// The range's bounds as integers (a bound past what a long double holds exactly is clamped).
Int128 lowest_integer(Range range) {
  if (range.min < -9.2e18) return std::numeric_limits<int64_t>::min();
  const auto low = static_cast<Int128>(std::ceil(range.min));
  return range.min_exclusive && static_cast<double>(low) == range.min ? low + 1 : low;
}
Int128 highest_integer(Range range) {
  if (range.max > 1.8e19) return std::numeric_limits<uint64_t>::max();
  return static_cast<Int128>(std::floor(range.max));
}

std::string integer_range_text(Int128 low, Int128 high) {
  if (high >= (Int128{1} << 62)) {
    if (low == 1) return "must be a positive integer";
    if (low == 0) return "must be a non-negative integer";
    return "must be an integer >= " + int_text(low);
  }
  return "must be an integer in [" + int_text(low) + ", " + int_text(high) + "]";
}

// The exact integer a JSON number stands for; empty if it is not an integer.
std::optional<Int128> exact_integer(const nlohmann::json& value) {
  if (value.is_number_unsigned()) return value.get<uint64_t>();
  if (value.is_number_integer()) return value.get<int64_t>();
  if (!value.is_number_float()) return std::nullopt;
  const double x = value.get<double>();
  if (!std::isfinite(x) || std::nearbyint(x) != x || std::fabs(x) >= 1.8e19) return std::nullopt;
  return static_cast<Int128>(x);
}

}  // namespace

std::pair<Int128, Int128> ConfigReader::integer_bounds(Range range, IntegerLimits limits) {
  return {std::max(lowest_integer(range), limits.min), std::min(highest_integer(range), limits.max)};
}

std::optional<Int128> ConfigReader::read_integer(std::string_view key, Range range, IntegerLimits limits,
                                                   bool* null_seen) {
  const auto* found = find(key);
  if (found == nullptr) return std::nullopt;
  if (null_seen != nullptr && found->is_null()) {
    *null_seen = true;
    return std::nullopt;
  }
  const auto [low, high] = integer_bounds(range, limits);
  const std::string wanted = integer_range_text(low, high) + (null_seen != nullptr ? " or null" : "");
  const auto exact = exact_integer(*found);
  if (!exact || *exact < low || *exact > high) throw ConfigError(path_of(key), wanted + " (got " + describe_value(*found) + ")");
  return exact;
}

void ConfigReader::flag(std::string_view key, bool& value) {
  if (const auto* found = find(key)) {
    if (!found->is_boolean()) throw ConfigError(path_of(key), "must be true or false (got " + describe_value(*found) + ")");
    value = found->get<bool>();
  }
  (*resolved_)[std::string(key)] = value;
  if (schema_ != nullptr) describe(key, {{"type", "boolean"}, {"default", value}});
}

void ConfigReader::text(std::string_view key, std::string& value) {
  if (const auto* found = find(key)) {
    if (!found->is_string()) throw ConfigError(path_of(key), "must be a string (got " + describe_value(*found) + ")");
    value = found->get<std::string>();
  }
  (*resolved_)[std::string(key)] = value;
  if (schema_ != nullptr && key != "type") describe(key, {{"type", "string"}, {"default", value}});
}

void ConfigReader::choice(std::string_view key, std::string& value, const std::vector<std::string>& choices) {
  text(key, value);
  if (std::find(choices.begin(), choices.end(), value) == choices.end()) {
    std::string valid;
    for (const auto& c : choices) valid += (valid.empty() ? "" : ", ") + c;
    throw ConfigError(path_of(key), "unknown value \"" + value + "\"; valid values: " + valid);
  }
  if (schema_ != nullptr) describe(key, {{"type", "string"}, {"enum", choices}, {"default", value}});
}

void ConfigReader::optional_number(std::string_view key, std::optional<double>& value, Range range) {
  const auto* found = find(key);
  if (found != nullptr && found->is_null()) value.reset();
  if (found != nullptr && !found->is_null()) {
    if (!found->is_number())
      throw ConfigError(path_of(key), range_text(range, false) + " or null (got " + describe_value(*found) + ")");
    value = found->get<double>();
  }
  if (value) check_range(key, *value, range, false);
  (*resolved_)[std::string(key)] = value ? nlohmann::json(*value) : nlohmann::json(nullptr);
  if (schema_ != nullptr)
    describe(key, number_schema(nlohmann::json{"number", "null"}, range, (*resolved_)[std::string(key)]));
}

void ConfigReader::allow_null(std::string_view key) {
  auto& fragment = (*schema_)["properties"][std::string(key)];
  fragment = {{"anyOf", nlohmann::json::array({nlohmann::json{{"type", "null"}}, std::move(fragment)})},
              {"default", nullptr}};
}

ConfigReader ConfigReader::child(std::string_view key) {
  const auto* found = find(key);
  auto& out = (*resolved_)[std::string(key)];
  nlohmann::json* schema = nullptr;
  if (schema_ != nullptr) {
    describe(key, object_schema());
    schema = &(*schema_)["properties"][std::string(key)];
  }
  return ConfigReader(found != nullptr ? *found : empty_object(), out, path_of(key), schema);
}

std::vector<ConfigReader> ConfigReader::non_empty_array(std::string_view key) {
  const auto* found = find(key);
  if (found != nullptr && found->is_array() && found->empty())
    throw ConfigError(path_of(key), "must hold at least one element (leave the key out for one of defaults)");
  if (found != nullptr || schema_ != nullptr) {
    auto readers = array(key);
    if (schema_ != nullptr) {
      auto& fragment = (*schema_)["properties"][std::string(key)];
      fragment["default"] = nlohmann::json::array({nlohmann::json::object()});
      fragment["minItems"] = 1;
    }
    return readers;
  }
  auto& out = (*resolved_)[std::string(key)];
  out = nlohmann::json::array();
  std::vector<ConfigReader> readers;
  readers.emplace_back(empty_object(), out.emplace_back(), path_of(key) + "[0]");
  return readers;
}

std::vector<ConfigReader> ConfigReader::array(std::string_view key) {
  const auto* found = find(key);
  auto& out = (*resolved_)[std::string(key)];
  out = nlohmann::json::array();
  std::vector<ConfigReader> readers;
  if (schema_ != nullptr) {  // one element reader over {} describes what every element may hold
    describe(key, {{"type", "array"}, {"default", nlohmann::json::array()}, {"items", object_schema()}});
    readers.emplace_back(empty_object(), out.emplace_back(), path_of(key) + "[0]",
                         &(*schema_)["properties"][std::string(key)]["items"]);
    return readers;
  }
  if (found == nullptr) return readers;
  if (!found->is_array()) throw ConfigError(path_of(key), "must be a JSON array (got " + describe_value(*found) + ")");
  for (size_t i = 0; i < found->size(); ++i) out.push_back(nlohmann::json::object());
  for (size_t i = 0; i < found->size(); ++i)
    readers.emplace_back((*found)[i], out[i], path_of(key) + "[" + std::to_string(i) + "]");
  return readers;
}

void ConfigReader::finish() const {
  for (auto it = node_->begin(); it != node_->end(); ++it) {
    if (std::find(known_.begin(), known_.end(), it.key()) != known_.end()) continue;
    std::vector<std::string> valid = known_;
    std::sort(valid.begin(), valid.end());
    valid.erase(std::unique(valid.begin(), valid.end()), valid.end());
    throw ConfigError(path_of(it.key()), "unknown key; valid keys here: " + join(valid));
  }
}

void ConfigReader::fail_unknown_type(const std::string& type, const std::vector<std::string>& valid) const {
  if (type.empty() && !node_->contains("type")) throw ConfigError(path_of("type"), "required; valid types: " + join(valid));
  if (type.empty()) throw ConfigError(path_of("type"), "empty; valid types: " + join(valid));
  throw ConfigError(path_of("type"), "unknown type \"" + type + "\"; valid types: " + join(valid));
}

}  // namespace cachestorm::sim
