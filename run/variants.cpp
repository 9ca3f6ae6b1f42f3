#include "run/variants.hpp"

#include <algorithm>

namespace cachestorm::run {
namespace {

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  return first == std::string::npos ? "" : text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

}  // namespace

NamedRequest parse_variant(const std::string& text, const ScenarioRequest& base) {
  const auto colon = text.find(':');
  if (colon == std::string::npos || trim(text.substr(0, colon)).empty())
    throw std::invalid_argument("--variant \"" + text + "\": write NAME: a.b=1; c.d=2");
  NamedRequest variant{trim(text.substr(0, colon)), base};
  std::string rest = text.substr(colon + 1);
  for (size_t start = 0; start <= rest.size();) {
    const size_t end = std::min(rest.find(';', start), rest.size());
    const std::string assignment = trim(rest.substr(start, end - start));
    if (!assignment.empty()) variant.request.overrides.push_back(assignment);
    start = end + 1;
  }
  return variant;
}

}  // namespace cachestorm::run
