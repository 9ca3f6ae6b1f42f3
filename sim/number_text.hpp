// A number of a command-line argument: the whole text, finite, or nothing. Locale-free (strtod
// in the C locale, which the program never changes).
#pragma once
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>

namespace cachestorm::sim {

inline std::optional<double> finite_number(const std::string& text) {
  if (text.empty() || text.find_first_of(" \t\n") != std::string::npos) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace cachestorm::sim
