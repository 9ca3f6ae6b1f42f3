#include "analysis/report_compare.hpp"

#include <cmath>

namespace cachestorm::analysis {
namespace {

using nlohmann::json;

const std::vector<std::string> kKeyMetrics = {"latency_s.p99",          "requests.hit_ratio",
                                              "origin.queries_arrived", "origin.busy_peak",
                                              "requests.errors",        "requests.client_timeouts"};

// Points with interval bars per variant, one row per metric, each with its own scale.
json interval_chart(const std::string& title, const json& rows, bool zero_rule) {
  const json y = {{"field", "variant"}, {"type", "nominal"}, {"title", nullptr}, {"sort", nullptr},
                  {"axis", {{"labelLimit", 360}}}};  // whole variant names
  json layers = json::array({
      {{"mark", {{"type", "rule"}, {"strokeWidth", 2}}},
       {"encoding", {{"y", y}, {"x", {{"field", "lo"}, {"type", "quantitative"}, {"title", nullptr}}}, {"x2", {{"field", "hi"}}}}}},
      {{"mark", {{"type", "point"}, {"filled", true}, {"size", 60}}},
       {"encoding", {{"y", y}, {"x", {{"field", "value"}, {"type", "quantitative"}}},
                     {"tooltip", json::array({{{"field", "variant"}}, {{"field", "value"}}, {{"field", "lo"}}, {{"field", "hi"}}})}}}}});
  if (zero_rule)
    layers.push_back({{"mark", {{"type", "rule"}, {"color", "#7f7f7f"}, {"strokeDash", {3, 3}}}},
                      {"encoding", {{"x", {{"datum", 0}, {"type", "quantitative"}}}}}});
  return {{"title", {{"text", title}, {"subtitle", "mean and 95 % interval over replications"}}},
          {"data", {{"values", rows}}},
          {"facet", {{"row", {{"field", "metric"}, {"type", "nominal"}, {"title", nullptr}, {"sort", nullptr},
                              {"header", {{"labelAngle", 0}, {"labelAlign", "left"}}}}}}},
          {"spec", {{"width", 560}, {"height", {{"step", 18}}}, {"layer", layers}}},
          {"resolve", {{"scale", {{"x", "independent"}}}}}};
}

json variant_rows(const CompareReportInput& input, const std::vector<std::string>& metrics) {
  json rows = json::array();
  for (const std::string& metric : metrics)
    for (const std::string& variant : input.variants) {
      const json& m = input.compare["variants"][variant].value(metric, json::object());
      if (!m.value("mean", json(nullptr)).is_number()) continue;
      rows.push_back({{"metric", metric}, {"variant", variant}, {"value", m["mean"]},
                      {"lo", m.value("ci_low", m["mean"])}, {"hi", m.value("ci_high", m["mean"])}});
    }
  return rows;
}

json difference_rows(const CompareReportInput& input, const std::vector<std::string>& metrics) {
  json rows = json::array();
  for (const std::string& metric : metrics)
    for (const json& d : input.compare.value("differences", json::array())) {
      if (d.value("metric", std::string()) != metric || !d.value("difference_mean", json(nullptr)).is_number()) continue;
      rows.push_back({{"metric", metric}, {"variant", d.value("variant", std::string()) + " - baseline"},
                      {"value", d["difference_mean"]}, {"lo", d.value("difference_ci_low", d["difference_mean"])},
                      {"hi", d.value("difference_ci_high", d["difference_mean"])}});
    }
  return rows;
}

// Every variant's mean over its replications of metric (scaled), per window.
json overlay(const CompareReportInput& input, const char* metric, const char* count, double scale, const json& faults,
             const std::string& title, const std::string& y_title) {
  json rows = json::array();
  for (const std::string& variant : input.variants) {
    const ReportSeries& s = input.series.at(variant);
    const auto values = s.per_replication(metric);
    const auto counts = s.per_replication(count);
    for (size_t w = 0; w < s.times().size(); ++w) {
      double sum = 0.0;
      size_t n = 0;
      for (size_t r = 0; r < values.size(); ++r)
        if (counts[r][w] > 0.0) sum += values[r][w], ++n;
      if (n > 0) rows.push_back({{"t", s.times()[w]}, {"variant", variant}, {"value", scale * sum / static_cast<double>(n)}});
    }
  }
  json layers = json::array();
  if (!faults.empty())
    layers.push_back({{"data", {{"values", faults}}}, {"mark", {{"type", "rect"}, {"color", "#d62728"}, {"opacity", 0.12}}},
                      {"encoding", {{"x", {{"field", "from"}, {"type", "quantitative"}}}, {"x2", {{"field", "to"}}}}}});
  layers.push_back({{"data", {{"values", rows}}}, {"mark", {{"type", "line"}, {"interpolate", "step-after"}}},
                    {"encoding", {{"x", {{"field", "t"}, {"type", "quantitative"}, {"title", "simulated time (s)"}}},
                                  {"y", {{"field", "value"}, {"type", "quantitative"}, {"title", y_title}}},
                                  {"color", {{"field", "variant"}, {"type", "nominal"}, {"sort", nullptr},
                                             {"legend", {{"labelLimit", 320}}}}}}}});
  return {{"title", {{"text", title}, {"subtitle", "mean over replications"}}}, {"width", 760}, {"height", 170},
          {"layer", layers}};
}

json baseline_faults(const CompareReportInput& input) {
  json faults = json::array();
  const json& scenario = input.scenarios.value(input.variants.front(), json::object());
  const double end = scenario.value("duration_s", 0.0);
  for (const json& f : scenario.value("faults", json::array())) {
    const double at = f.value("at_s", 0.0);
    const double to = f.contains("duration_s") && f["duration_s"].is_number() ? at + f["duration_s"].get<double>() : end;
    faults.push_back({{"from", at}, {"to", std::min(to, end)}});
  }
  return faults;
}

}  // namespace

std::vector<std::string> compare_key_metrics(const json& compare) {
  std::vector<std::string> out;
  const json& variants = compare.value("variants", json::object());
  for (const std::string& metric : kKeyMetrics)
    if (!variants.empty() && variants.begin()->contains(metric)) out.push_back(metric);
  return out;
}

std::vector<ReportChart> compare_charts(const CompareReportInput& input) {
  const std::vector<std::string> metrics = compare_key_metrics(input.compare);
  std::vector<ReportChart> charts;
  charts.push_back({"variants", interval_chart("Each variant", variant_rows(input, metrics), false)});
  if (input.variants.size() > 1)
    charts.push_back({"differences", interval_chart("Paired differences against the baseline",
                                                    difference_rows(input, metrics), true)});
  const json faults = baseline_faults(input);
  charts.push_back({"latency_over_time", overlay(input, "latency_p99", "latency_count", 1000.0, faults,
                                                 "Client p99 over time", "ms")});
  charts.push_back({"origin_over_time", overlay(input, "origin_queries_arrived", "requests", 1.0, faults,
                                                "Origin queries over time", "arrived per window")});
  return charts;
}

nlohmann::json compare_assertions(const CompareReportInput& input) {
  nlohmann::json flat = nlohmann::json::array();
  const nlohmann::json assertions = input.compare.value("assertions", nlohmann::json::object());
  for (const auto& [variant, list] : assertions.items())
    for (nlohmann::json a : list) {
      a["assert"] = variant + ": " + a.value("assert", std::string());
      flat.push_back(a);
    }
  return flat;
}

}  // namespace cachestorm::analysis
