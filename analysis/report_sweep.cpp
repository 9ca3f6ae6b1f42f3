#include "analysis/report_sweep.hpp"

#include <map>
#include <string>

namespace cachestorm::analysis {
namespace {

using nlohmann::json;

const std::vector<std::string> kKeyMetrics = {"latency_s.p99", "requests.hit_ratio", "requests.error_ratio",
                                              "origin.queries_arrived", "origin.busy_peak"};

json axis_encoding(const std::string& axis, const char* field) {
  return {{"field", field}, {"type", "quantitative"}, {"title", axis}, {"scale", {{"zero", false}}}};
}

json curve(const json& sweep, const std::string& axis, const std::string& metric) {
  json rows = json::array();
  for (const json& p : sweep["points"]) {
    const json& m = p["metrics"].value(metric, json::object());
    if (!m.value("mean", json(nullptr)).is_number()) continue;
    rows.push_back({{"x", p["values"][axis]}, {"mean", m["mean"]}, {"lo", m.value("ci_low", m["mean"])},
                    {"hi", m.value("ci_high", m["mean"])}});
  }
  if (rows.empty()) return nullptr;
  const json x = axis_encoding(axis, "x");
  return {{"title", {{"text", metric + " against " + axis}, {"subtitle", "mean and 95 % interval over replications"}}},
          {"width", 700}, {"height", 200}, {"data", {{"values", rows}}},
          {"layer", json::array({{{"mark", {{"type", "area"}, {"opacity", 0.25}}},
                                  {"encoding", {{"x", x}, {"y", {{"field", "lo"}, {"type", "quantitative"}, {"title", metric}}},
                                                {"y2", {{"field", "hi"}}}}}},
                                 {{"mark", {{"type", "line"}, {"point", true}}},
                                  {"encoding", {{"x", x}, {"y", {{"field", "mean"}, {"type", "quantitative"}}}}}}})}};
}

json heat_map(const json& sweep, const std::string& ax, const std::string& ay, const std::string& metric, bool more) {
  std::map<std::pair<double, double>, std::pair<double, int>> cells;
  for (const json& p : sweep["points"]) {
    const json& m = p["metrics"].value(metric, json::object());
    if (!m.value("mean", json(nullptr)).is_number()) continue;
    auto& cell = cells[{p["values"][ax].get<double>(), p["values"][ay].get<double>()}];
    cell.first += m["mean"].get<double>();
    ++cell.second;
  }
  if (cells.empty()) return nullptr;
  json rows = json::array();
  for (const auto& [at, sum] : cells) rows.push_back({{"x", at.first}, {"y", at.second}, {"mean", sum.first / sum.second}});
  json title = {{"text", metric + " over " + ax + " and " + ay}};
  if (more) title["subtitle"] = "mean over the other axes' values";
  return {{"title", title}, {"data", {{"values", rows}}}, {"mark", "rect"},
          {"encoding", {{"x", {{"field", "x"}, {"type", "ordinal"}, {"title", ax}}},
                        {"y", {{"field", "y"}, {"type", "ordinal"}, {"title", ay}, {"sort", "descending"}}},
                        {"color", {{"field", "mean"}, {"type", "quantitative"}, {"title", metric}}},
                        {"tooltip", json::array({{{"field", "x"}}, {{"field", "y"}}, {{"field", "mean"}}})}}}};
}

// The bound of an assertion "metric<0.2" (or <=, >, >=), or null.
json bound_of(const std::string& text) {
  const size_t at = text.find_first_of("<>");
  if (at == std::string::npos) return nullptr;
  const size_t number = text[at + 1] == '=' ? at + 2 : at + 1;
  try {
    return std::stod(text.substr(number));
  } catch (const std::exception&) {
    return nullptr;
  }
}

json judged_chart(const json& plan, const json& variant, size_t assertion) {
  const std::string text = plan["assertions"][assertion].get<std::string>();
  json rows = json::array();
  for (const json& value : variant.value("judged", json::array())) {
    const json& a = value["assertions"][assertion];
    rows.push_back({{"x", value["value"]}, {"mean", a["mean"]}, {"lo", a.value("ci_low", a["mean"])},
                    {"hi", a.value("ci_high", a["mean"])}, {"verdict", a.value("verdict", std::string())},
                    {"replications", value.value("replications", 0)}});
  }
  const std::string axis = plan.value("axis", std::string("value"));
  const json x = axis_encoding(axis.substr(0, axis.find('=')), "x");
  const json color = {{"field", "verdict"}, {"type", "nominal"}, {"scale", {{"domain", {"met", "broken", "undecided"}},
                                                                          {"range", {"#2a7d2a", "#c00", "#999"}}}}};
  json layers = json::array({{{"data", {{"values", rows}}}, {"mark", {{"type", "rule"}, {"strokeWidth", 2}}},
                              {"encoding", {{"x", x}, {"y", {{"field", "lo"}, {"type", "quantitative"}, {"title", text}}},
                                            {"y2", {{"field", "hi"}}}, {"color", color}}}},
                             {{"data", {{"values", rows}}}, {"mark", {{"type", "point"}, {"filled", true}, {"size", 60}}},
                              {"encoding", {{"x", x}, {"y", {{"field", "mean"}, {"type", "quantitative"}}}, {"color", color},
                                            {"tooltip", json::array({{{"field", "x"}}, {{"field", "mean"}}, {{"field", "verdict"}},
                                                                     {{"field", "replications"}}})}}}}});
  if (const json bound = bound_of(text); !bound.is_null())
    layers.push_back({{"data", {{"values", json::array({{{"y", bound}}})}}},
                      {"mark", {{"type", "rule"}, {"color", "black"}, {"strokeDash", {4, 4}}}},
                      {"encoding", {{"y", {{"field", "y"}, {"type", "quantitative"}}}}}});
  if (variant.value("answer", json(nullptr)).is_number())
    layers.push_back({{"data", {{"values", json::array({{{"x", variant["answer"]}, {"label", "answer"}}})}}},
                      {"mark", {{"type", "rule"}, {"color", "#1f77b4"}, {"strokeWidth", 2}}},
                      {"encoding", {{"x", {{"field", "x"}, {"type", "quantitative"}}}, {"tooltip", {{"field", "label"}}}}}});
  const std::string name = variant.value("variant", std::string("baseline"));
  return {{"title", {{"text", name + ": " + text}, {"subtitle", "each value judged: mean and 95 % interval; "
                                                                "dashed: the bound; blue: the answer"}}},
          {"width", 700}, {"height", 200}, {"layer", layers}};
}

}  // namespace

std::vector<ReportChart> sweep_charts(const json& sweep) {
  std::vector<std::string> axes = sweep.value("axes", std::vector<std::string>{});
  std::vector<ReportChart> charts;
  if (axes.empty() || sweep.value("points", json::array()).empty()) return charts;
  for (const std::string& metric : kKeyMetrics) {
    json spec = axes.size() == 1 ? curve(sweep, axes[0], metric) : heat_map(sweep, axes[0], axes[1], metric, axes.size() > 2);
    std::string id = metric;
    for (char& c : id) c = c == '.' ? '_' : c;
    if (!spec.is_null()) charts.push_back({id, spec});
  }
  return charts;
}

std::vector<ReportChart> plan_charts(const json& plan) {
  std::vector<ReportChart> charts;
  const json variants = plan.value("variants", json::array());
  for (size_t v = 0; v < variants.size(); ++v)
    for (size_t a = 0; a < plan.value("assertions", json::array()).size(); ++a)
      charts.push_back({"plan_" + std::to_string(v) + "_" + std::to_string(a), judged_chart(plan, variants[v], a)});
  return charts;
}

}  // namespace cachestorm::analysis
