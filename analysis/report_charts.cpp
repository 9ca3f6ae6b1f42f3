#include "analysis/report_charts.hpp"

#include "analysis/report_marks.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace cachestorm::analysis {
namespace {

using nlohmann::json;
using Reps = std::vector<std::vector<double>>;  // [replication][window]

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
constexpr size_t kMaxNodeLines = 8;

struct Line {
  std::string name;
  Reps reps;
};

// a / b window by window (no value where b is 0).
Reps ratio(const Reps& a, const Reps& b, double scale = 1.0) {
  Reps out = a;
  for (size_t r = 0; r < a.size(); ++r)
    for (size_t w = 0; w < a[r].size(); ++w) out[r][w] = b[r][w] > 0.0 ? scale * a[r][w] / b[r][w] : kNone;
  return out;
}

// Values only where `count` is positive (a quantile of no observation is not a value).
Reps where_counted(Reps values, const Reps& count, double scale) {
  for (size_t r = 0; r < values.size(); ++r)
    for (size_t w = 0; w < values[r].size(); ++w) values[r][w] = count[r][w] > 0.0 ? scale * values[r][w] : kNone;
  return values;
}


// The mean of a replication's windows in bucket b (NaN if none has a value).
double bucket_mean(const std::vector<double>& values, size_t b, size_t bucket) {
  double sum = 0.0;
  size_t n = 0;
  for (size_t w = b * bucket; w < std::min(values.size(), (b + 1) * bucket); ++w)
    if (!std::isnan(values[w])) sum += values[w], ++n;
  return n == 0 ? kNone : sum / static_cast<double>(n);
}

json rows_of(const ReportContext& ctx, const std::vector<Line>& lines) {
  json rows = json::array();
  const size_t buckets = (ctx.times.size() + ctx.bucket - 1) / ctx.bucket;
  for (const Line& line : lines)
    for (size_t b = 0; b < buckets; ++b) {
      double sum = 0.0, lo = std::numeric_limits<double>::infinity(), hi = -lo;
      size_t n = 0;
      for (const auto& rep : line.reps) {
        const double v = bucket_mean(rep, b, ctx.bucket);
        if (std::isnan(v)) continue;
        sum += v, ++n, lo = std::min(lo, v), hi = std::max(hi, v);
      }
      if (n == 0) continue;
      rows.push_back({{"t", ctx.times[b * ctx.bucket]}, {"series", line.name}, {"value", sum / static_cast<double>(n)},
                      {"lo", lo}, {"hi", hi}});
    }
  return rows;
}

json x_axis() { return {{"field", "t"}, {"type", "quantitative"}, {"title", "simulated time (s)"}}; }

// The fault and state-change layers every chart carries.
void add_marks(json& layers, const ReportContext& ctx) {
  const json x_from = {{"field", "from"}, {"type", "quantitative"}};
  if (!ctx.faults.empty())
    layers.push_back({{"data", {{"values", ctx.faults}}},
                      {"mark", {{"type", "rect"}, {"color", "#d62728"}, {"opacity", 0.12}}},
                      {"encoding", {{"x", x_from}, {"x2", {{"field", "to"}}}, {"tooltip", {{"field", "fault"}}}}}});
  if (!ctx.instants.empty())
    layers.push_back({{"data", {{"values", ctx.instants}}},
                      {"mark", {{"type", "rule"}, {"color", "#d62728"}, {"strokeDash", {6, 3}}}},
                      {"encoding", {{"x", x_from}, {"tooltip", {{"field", "fault"}}}}}});
  if (!ctx.breakers.empty())
    layers.push_back({{"data", {{"values", ctx.breakers}}},
                      {"mark", {{"type", "rect"}, {"color", "#ff7f0e"}, {"opacity", 0.15}}},
                      {"encoding", {{"x", x_from}, {"x2", {{"field", "to"}}}, {"tooltip", {{"field", "change"}}}}}});
  if (!ctx.changes.empty())
    layers.push_back({{"data", {{"values", ctx.changes}}},
                      {"mark", {{"type", "rule"}, {"color", "#7f7f7f"}, {"strokeDash", {2, 2}}}},
                      {"encoding", {{"x", x_from}, {"tooltip", {{"field", "change"}}}}}});
}

json chart(const ReportContext& ctx, const std::string& title, const std::string& y_title, const std::vector<Line>& lines,
           bool band, const json& y_rule = nullptr) {
  const json rows = rows_of(ctx, lines);
  if (rows.empty()) return nullptr;  // nothing to draw (no stale read, say): the chart is left out
  json layers = json::array();
  add_marks(layers, ctx);
  const json color = {{"field", "series"}, {"type", "nominal"}, {"title", nullptr}};
  if (band)
    layers.push_back({{"data", {{"values", rows}}},
                      {"mark", {{"type", "area"}, {"opacity", 0.25}, {"interpolate", "step-after"}}},
                      {"encoding", {{"x", x_axis()}, {"y", {{"field", "lo"}, {"type", "quantitative"}}},
                                    {"y2", {{"field", "hi"}}}, {"color", color}}}});
  layers.push_back({{"data", {{"values", rows}}},
                    {"mark", {{"type", "line"}, {"interpolate", "step-after"}}},
                    {"encoding", {{"x", x_axis()}, {"y", {{"field", "value"}, {"type", "quantitative"}, {"title", y_title}}},
                                  {"color", color}}}});
  if (!y_rule.is_null())
    layers.push_back({{"data", {{"values", json::array({y_rule})}}},
                      {"mark", {{"type", "rule"}, {"color", "black"}, {"strokeDash", {4, 4}}}},
                      {"encoding", {{"y", {{"field", "y"}, {"type", "quantitative"}}}, {"tooltip", {{"field", "label"}}}}}});
  std::string subtitle = band ? "mean over replications, band: min-max" : "";
  if (ctx.bucket > 1)
    subtitle += std::string(subtitle.empty() ? "" : "; ") + "means over " + std::to_string(ctx.bucket) + "-window buckets";
  json title_json = {{"text", title}};
  if (!subtitle.empty()) title_json["subtitle"] = subtitle;
  return {{"title", title_json}, {"width", 760}, {"height", 170}, {"layer", layers}};
}

// Utilisation per node; with many nodes the busiest and median node per window, and the three
// busiest over the run.
std::vector<Line> node_lines(const ReportSeries& series, double window_s) {
  std::vector<Line> lines;
  const std::vector<std::string> nodes = series.labels("shard_busy_s");
  std::vector<Reps> each;
  for (const std::string& node : nodes) each.push_back(series.per_replication("shard_busy_s", &node));
  for (Reps& reps : each)
    for (auto& rep : reps)
      for (double& v : rep) v /= window_s;
  if (nodes.size() <= kMaxNodeLines) {
    for (size_t i = 0; i < nodes.size(); ++i) lines.push_back({nodes[i].substr(nodes[i].find('=') + 1), each[i]});
    return lines;
  }
  Line busiest{"busiest node", each[0]}, median{"median node", each[0]};
  for (size_t r = 0; r < busiest.reps.size(); ++r)
    for (size_t w = 0; w < busiest.reps[r].size(); ++w) {
      std::vector<double> at;
      for (const Reps& reps : each) at.push_back(reps[r][w]);
      std::sort(at.begin(), at.end());
      busiest.reps[r][w] = at.back();
      median.reps[r][w] = at[at.size() / 2];
    }
  lines = {busiest, median};
  std::vector<std::pair<double, size_t>> totals;
  for (size_t i = 0; i < each.size(); ++i) {
    double total = 0.0;
    for (const auto& rep : each[i])
      for (double v : rep) total += v;
    totals.emplace_back(-total, i);
  }
  std::sort(totals.begin(), totals.end());
  for (size_t k = 0; k < 3; ++k) lines.push_back({nodes[totals[k].second].substr(nodes[totals[k].second].find('=') + 1), each[totals[k].second]});
  return lines;
}

// The whole run's stale-read ages (p50, p99, max; a replicated run's means with their 95 %
// intervals), from the summary: null when no read was stale.
json age_distribution(const json& summary) {
  if (!summary.is_object()) return nullptr;
  json rows = json::array();
  for (const char* q : {"p50", "p99", "max"}) {
    const json metric = summary.value("metrics", json::object()).value("staleness.stale_read_age_s." + std::string(q), json(nullptr));
    json value = nullptr, lo = nullptr, hi = nullptr;
    if (metric.is_object()) {
      value = metric.value("mean", json(nullptr)), lo = metric.value("ci_low", value), hi = metric.value("ci_high", value);
    } else if (summary.contains("staleness")) {
      value = lo = hi = summary["staleness"].value("stale_read_age_s", json::object()).value(q, json(nullptr));
    }
    if (!value.is_number()) continue;
    rows.push_back({{"quantile", q}, {"ms", 1000.0 * value.get<double>()}, {"lo", 1000.0 * lo.get<double>()},
                    {"hi", 1000.0 * hi.get<double>()}});
  }
  if (rows.empty()) return nullptr;
  const json x = {{"field", "quantile"}, {"type", "ordinal"}, {"sort", nullptr}, {"title", nullptr}};
  return {{"title", {{"text", "Age of stale reads over the run"},
                     {"subtitle", "how much older than the source's newer version; bars: mean, rules: 95 % interval"}}},
          {"width", 300}, {"height", 170}, {"data", {{"values", rows}}},
          {"layer", json::array({{{"mark", "bar"}, {"encoding", {{"x", x}, {"y", {{"field", "ms"}, {"type", "quantitative"}, {"title", "ms"}}}}}},
                                 {{"mark", {{"type", "rule"}, {"color", "black"}}},
                                  {"encoding", {{"x", x}, {"y", {{"field", "lo"}, {"type", "quantitative"}}}, {"y2", {{"field", "hi"}}}}}}})}};
}

}  // namespace

std::vector<ReportChart> report_charts(const ReportInput& input) {
  const ReportSeries& s = input.series;
  const ReportContext ctx = report_context(input);
  const bool band = s.replications() > 1;
  const double window_s = s.times().size() > 1 ? s.times()[1] - s.times()[0] : 1.0;
  std::vector<ReportChart> charts;
  Reps arrived = s.per_replication("origin_queries_arrived");
  for (auto& rep : arrived)
    for (double& v : rep) v /= window_s;
  const json connections = input.scenario.contains("origin") ? input.scenario["origin"].value("connections", json(nullptr))
                                                             : json(nullptr);
  const json rule = connections.is_number() ? json{{"y", connections}, {"label", "origin connections"}} : json(nullptr);
  charts.push_back({"origin_queries", chart(ctx, "Origin queries", "arrived per second", {{"queries/s", arrived}}, band)});
  charts.push_back({"origin_busy", chart(ctx, "Origin connections", "busy (peak per window)",
                                         {{"busy connections", s.per_replication("origin_busy_max")}}, band, rule)});
  charts.push_back({"origin_queue", chart(ctx, "Origin queue", "queries waiting (peak)",
                                          {{"queue (peak)", s.per_replication("origin_queue_max")}}, band)});
  const Reps requests = s.per_replication("app_requests");
  charts.push_back({"hit_ratio", chart(ctx, "Hit ratio as clients saw it", "hits answered in time / requests",
                                       {{"hit ratio", ratio(s.per_replication("app_cache_hits"), requests)}}, band)});
  const Reps counted = s.per_replication("latency_count");
  charts.push_back({"latency", chart(ctx, "Client latency", "ms (every ended request)",
                                     {{"p50", where_counted(s.per_replication("latency_p50"), counted, 1000.0)},
                                      {"p99", where_counted(s.per_replication("latency_p99"), counted, 1000.0)}},
                                     band)});
  Reps failed = s.per_replication("errors");
  const Reps timeouts = s.per_replication("client_timeouts");
  for (size_t r = 0; r < failed.size(); ++r)
    for (size_t w = 0; w < failed[r].size(); ++w) failed[r][w] += timeouts[r][w];
  charts.push_back({"errors", chart(ctx, "Errors and client timeouts", "per request",
                                    {{"errors + timeouts", ratio(failed, s.per_replication("requests"))}}, band)});
  if (s.has("key_class_values_served"))
    charts.push_back({"stale_reads", chart(ctx, "Stale reads", "per value served",
                                           {{"stale", ratio(s.per_replication("key_class_stale_reads"),
                                                            s.per_replication("key_class_values_served"))}},
                                           band)});
  if (s.has("key_class_values_served")) {
    const Reps aged = s.per_replication("key_class_stale_read_age_s_count");
    charts.push_back({"stale_age", chart(ctx, "Age of stale reads", "ms (as old as the source's newer version)",
                                         {{"p50", where_counted(s.per_replication("key_class_stale_read_age_s_p50"), aged, 1000.0)},
                                          {"p99", where_counted(s.per_replication("key_class_stale_read_age_s_p99"), aged, 1000.0)}},
                                         band)});
    charts.push_back({"stale_age_distribution", age_distribution(input.summary)});
    charts.push_back({"inconsistency", chart(ctx, "Inconsistency windows", "per window",
                                             {{"windows closed", s.per_replication("key_class_inconsistency_windows")},
                                              {"inconsistent key-seconds", s.per_replication("key_class_inconsistent_key_s")}},
                                             band)});
  }
  if (s.has("shard_busy_s"))
    charts.push_back({"node_utilisation", chart(ctx, "Cache node utilisation", "busy seconds per second",
                                                node_lines(s, window_s), band)});
  std::erase_if(charts, [](const ReportChart& c) { return c.spec.is_null(); });
  return charts;
}

}  // namespace cachestorm::analysis
