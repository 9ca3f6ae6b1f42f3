#include "analysis/sweep_report.hpp"

#include "analysis/run_report.hpp"

namespace cachestorm::analysis {
namespace {

// A CSV field: numbers in their shortest form, strings as they are, quoted when they hold a
// comma or a quote.
std::string field(const nlohmann::json& value) {
  std::string text = value.is_string()            ? value.get<std::string>()
                     : value.is_number_float()    ? format_number(value.get<double>())
                                                  : value.dump();
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string number(const nlohmann::json& value) { return value.is_number() ? format_number(value.get<double>()) : ""; }

}  // namespace

std::string sweep_csv(const std::vector<std::string>& axes, const std::vector<SweepPointResult>& results) {
  std::string out = "point";
  for (const auto& axis : axes) out += "," + field(axis);
  out += ",metric,mean,sd,n,ci_low,ci_high,unit\n";
  for (const auto& result : results) {
    std::string prefix = std::to_string(result.point);
    for (const auto& value : result.values) prefix += "," + field(value);
    for (auto it = result.metrics.begin(); it != result.metrics.end(); ++it) {
      const auto& m = *it;
      out += prefix + "," + it.key() + "," + number(m["mean"]) + "," + number(m["sd"]) + "," +
             std::to_string(m["n"].get<uint64_t>()) + "," + number(m["ci_low"]) + "," + number(m["ci_high"]) + "," +
             m["unit"].get<std::string>() + "\n";
    }
  }
  return out;
}

std::string sweep_json(const nlohmann::json& identity, const std::vector<std::string>& axes,
                       const std::vector<SweepPointResult>& results) {
  nlohmann::json out = identity;
  out["points"] = nlohmann::json::array();
  for (const auto& result : results) {
    nlohmann::json values = nlohmann::json::object();
    for (size_t a = 0; a < axes.size(); ++a) values[axes[a]] = result.values[a];
    out["points"].push_back({{"point", result.point}, {"values", values}, {"metrics", result.metrics}});
  }
  return out.dump(2) + "\n";
}

std::vector<SweepPointResult> sweep_results_of(const nlohmann::json& sweep) {
  std::vector<SweepPointResult> results;
  const auto& axes = sweep.at("axes");
  for (const auto& point : sweep.at("points")) {
    SweepPointResult result;
    result.point = point.at("point").get<size_t>();
    for (const auto& axis : axes) result.values.push_back(point.at("values").at(axis.get<std::string>()));
    result.metrics = point.at("metrics");
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace cachestorm::analysis
