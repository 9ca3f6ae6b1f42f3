#include "run/sweep_design.hpp"

#include <algorithm>
#include <cmath>

#include "sim/number_text.hpp"
#include "sim/rng.hpp"

namespace cachestorm::run {
namespace {

const char* kForms = "write PATH=v1,v2,... or PATH=lin:LOW:HIGH:N or PATH=log:LOW:HIGH:N";

nlohmann::json value_of(const std::string& text) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception&) {
    return text;  // a bare word: a string
  }
}

double number_of(const std::string& text, const std::string& whole) {
  if (const auto value = sim::finite_number(text)) return *value;
  throw std::invalid_argument("--axis " + whole + ": '" + text + "' is not a number (" + kForms + ")");
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t at = text.find(separator); at != std::string::npos; at = text.find(separator, start)) {
    parts.push_back(text.substr(start, at - start));
    start = at + 1;
  }
  parts.push_back(text.substr(start));
  return parts;
}

nlohmann::json range_value(const SweepAxis& axis, double x) {
  if (axis.whole) return static_cast<int64_t>(std::llround(x));
  return x;
}

}  // namespace

SweepAxis parse_axis(const std::string& text) {
  const size_t equals = text.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == text.size())
    throw std::invalid_argument("--axis " + text + ": " + kForms);
  SweepAxis axis;
  axis.path = text.substr(0, equals);
  const std::string spec = text.substr(equals + 1);
  const auto parts = split(spec, ':');
  if (parts.size() == 4 && (parts[0] == "lin" || parts[0] == "log")) {
    axis.kind = parts[0];
    axis.low = number_of(parts[1], text);
    axis.high = number_of(parts[2], text);
    const double n = number_of(parts[3], text);
    if (n < 2 || n > 100000 || n != std::floor(n))
      throw std::invalid_argument("--axis " + text + ": N must be a whole number from 2 to 100000");
    if (!(axis.high > axis.low)) throw std::invalid_argument("--axis " + text + ": HIGH must be greater than LOW");
    if (axis.kind == "log" && axis.low <= 0) throw std::invalid_argument("--axis " + text + ": a log range needs LOW > 0");
    const auto count = static_cast<size_t>(n);
    // Bounds written as integers ("24", "600") make a whole-number axis; "0.0:1.0" a real one.
    const auto written_whole = [](const std::string& t) { return t.find_first_of(".eE") == std::string::npos; };
    axis.whole = written_whole(parts[1]) && written_whole(parts[2]);
    for (size_t i = 0; i < count; ++i) {
      const double f = static_cast<double>(i) / static_cast<double>(count - 1);
      const double x = axis.kind == "lin" ? axis.low + f * (axis.high - axis.low)
                                          : axis.low * std::pow(axis.high / axis.low, f);
      axis.values.push_back(range_value(axis, x));
    }
    return axis;
  }
  if (parts.size() > 1 && (parts[0] == "lin" || parts[0] == "log"))
    throw std::invalid_argument("--axis " + text + ": a range is " + parts[0] + ":LOW:HIGH:N");
  axis.kind = "list";
  for (const auto& item : split(spec, ',')) {
    if (item.empty()) throw std::invalid_argument("--axis " + text + ": an empty value in the list (" + kForms + ")");
    axis.values.push_back(value_of(item));
  }
  return axis;
}

std::vector<SweepPoint> grid_design(const std::vector<SweepAxis>& axes) {
  std::vector<SweepPoint> points{SweepPoint{}};
  for (const auto& axis : axes) {
    std::vector<SweepPoint> crossed;
    for (const auto& point : points) {
      for (const auto& value : axis.values) {
        SweepPoint next = point;
        next.values.push_back(value);
        crossed.push_back(std::move(next));
      }
    }
    points = std::move(crossed);
  }
  return points;
}

std::vector<SweepPoint> latin_hypercube(const std::vector<SweepAxis>& axes, uint32_t points, uint64_t seed) {
  std::vector<SweepPoint> design(points);
  const sim::RngStreams streams(seed, 0);
  for (size_t a = 0; a < axes.size(); ++a) {
    const SweepAxis& axis = axes[a];
    sim::Rng rng = streams.stream("sweep/lhs/" + std::to_string(a));
    std::vector<uint32_t> strata(points);
    for (uint32_t i = 0; i < points; ++i) strata[i] = i;
    for (uint32_t i = points; i > 1; --i) std::swap(strata[i - 1], strata[rng.below(i)]);  // Fisher-Yates
    for (uint32_t p = 0; p < points; ++p) {
      const double u = (static_cast<double>(strata[p]) + rng.uniform01()) / static_cast<double>(points);
      if (axis.kind == "list") {
        const auto index = std::min(axis.values.size() - 1, static_cast<size_t>(u * static_cast<double>(axis.values.size())));
        design[p].values.push_back(axis.values[index]);
      } else if (axis.kind == "lin") {
        design[p].values.push_back(range_value(axis, axis.low + u * (axis.high - axis.low)));
      } else {
        design[p].values.push_back(range_value(axis, axis.low * std::pow(axis.high / axis.low, u)));
      }
    }
  }
  return design;
}

std::vector<std::string> assignments(const std::vector<SweepAxis>& axes, const SweepPoint& point) {
  std::vector<std::string> out;
  for (size_t a = 0; a < axes.size(); ++a) out.push_back(axes[a].path + "=" + point.values[a].dump());
  return out;
}

}  // namespace cachestorm::run
