#include "sim/json_overrides.hpp"

#include <cctype>
#include <optional>
#include <vector>

#include "sim/config_reader.hpp"
#include "sim/json_text.hpp"

namespace cachestorm::sim {
namespace {

struct Step {
  std::string key;               // an object key, or empty for an index
  std::optional<size_t> index;  // an array index
};

bool is_key_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// Splits "a.b[2].c" into steps; throws ConfigError on anything else.
std::vector<Step> parse_path(const std::string& path, const std::string& assignment) {
  std::vector<Step> steps;
  size_t i = 0;
  const auto bad = [&](const std::string& why) {
    throw ConfigError("--set", "cannot read \"" + assignment + "\": " + why + " (write a.b.c=value or a[0].b=value)");
  };
  while (i < path.size()) {
    const size_t start = i;
    while (i < path.size() && is_key_char(path[i])) ++i;
    if (i == start) bad("expected a key at character " + std::to_string(start + 1) + " of the path");
    steps.push_back({path.substr(start, i - start), std::nullopt});
    while (i < path.size() && path[i] == '[') {
      const size_t close = path.find(']', i);
      const std::string digits = close == std::string::npos ? "" : path.substr(i + 1, close - i - 1);
      if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos)
        bad("an index must be a number in [ ]");
      steps.push_back({"", std::stoul(digits)});
      i = close + 1;
    }
    if (i < path.size() && path[i] != '.') bad("unexpected '" + std::string(1, path[i]) + "'");
    if (i < path.size()) ++i;
  }
  if (steps.empty()) bad("no path before '='");
  return steps;
}

nlohmann::json parse_value(const std::string& text) {
  try {
    return parse_json_text(text, "--set");
  } catch (const ConfigError&) {
    return text;  // not JSON: a string
  }
}

}  // namespace

void apply_override(nlohmann::json& document, const std::string& assignment) {
  const auto equals = assignment.find('=');
  if (equals == std::string::npos)
    throw ConfigError("--set", "cannot read \"" + assignment + "\": no '=' (write a.b.c=value)");
  const std::vector<Step> steps = parse_path(assignment.substr(0, equals), assignment);
  nlohmann::json* node = &document;
  std::string where;
  for (const Step& step : steps) {
    if (step.index) {
      if (!node->is_array()) throw ConfigError(where, "is not an array, so [" + std::to_string(*step.index) + "] names nothing");
      if (*step.index > node->size())
        throw ConfigError(where + "[" + std::to_string(*step.index) + "]",
                          "no such element (" + where + " has " + std::to_string(node->size()) + ")");
      if (*step.index == node->size()) node->push_back(nlohmann::json::object());
      node = &(*node)[*step.index];
      where.append("[").append(std::to_string(*step.index)).append("]");  // (GCC 12 -Wrestrict on "[" + s)
    } else {
      if (node->is_null()) *node = nlohmann::json::object();
      if (!node->is_object()) throw ConfigError(where, "is not an object, so ." + step.key + " names nothing");
      node = &(*node)[step.key];
      where += (where.empty() ? "" : ".") + step.key;
    }
  }
  *node = parse_value(assignment.substr(equals + 1));
}

}  // namespace cachestorm::sim
