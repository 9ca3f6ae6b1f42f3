#include "analysis/report_charts.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace cachestorm::analysis {
namespace {

using nlohmann::json;
using Reps = std::vector<std::vector<double>>;  // [replication][window]

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
constexpr size_t kMaxPoints = 720;
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

// What the charts share: the time axis (bucketed), the faults and the state changes.
struct Context {
  std::vector<double> times;
  size_t bucket = 1;
  double end_s = 0.0;
  json faults = json::array(), instants = json::array(), changes = json::array(), breakers = json::array();
};

// The mean of a replication's windows in bucket b (NaN if none has a value).
double bucket_mean(const std::vector<double>& values, size_t b, size_t bucket) {
  double sum = 0.0;
  size_t n = 0;
  for (size_t w = b * bucket; w < std::min(values.size(), (b + 1) * bucket); ++w)
    if (!std::isnan(values[w])) sum += values[w], ++n;
  return n == 0 ? kNone : sum / static_cast<double>(n);
}

json rows_of(const Context& ctx, const std::vector<Line>& lines) {
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
void add_marks(json& layers, const Context& ctx) {
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

json chart(const Context& ctx, const std::string& title, const std::string& y_title, const std::vector<Line>& lines,
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

// The scenario's faults: an interval each (to the end of the run when it has no duration), or
// an instant for a flush.
void add_faults(Context& ctx, const json& scenario) {
  const json faults = scenario.value("faults", json::array());
  for (size_t i = 0; i < faults.size(); ++i) {
    const json& f = faults[i];
    const double at = f.value("at_s", 0.0);
    std::string name = "faults." + std::to_string(i) + " " + f.value("type", std::string("fault"));
    if (f.contains("node") && f["node"].is_number()) name += " node " + std::to_string(f["node"].get<int>());
    if (f.value("type", std::string()) == "cache_flush") {
      ctx.instants.push_back({{"from", at}, {"fault", name}});
      continue;
    }
    const double to = f.contains("duration_s") && f["duration_s"].is_number() ? at + f["duration_s"].get<double>()
                                                                              : ctx.end_s;
    ctx.faults.push_back({{"from", at}, {"to", std::min(to, ctx.end_s)}, {"fault", name}});
  }
}

// The cache tier's state changes worth a rule: failover phases, promotions, the cluster's state.
void add_changes(Context& ctx, const std::vector<json>& events) {
  constexpr size_t kMaxRules = 60;
  for (const json& e : events) {
    if (ctx.changes.size() >= kMaxRules) break;
    const std::string component = e.value("component", std::string());
    const std::string state = e.value("state", std::string());
    const bool failover = component.size() > 9 && component.compare(component.size() - 9, 9, ".failover") == 0;
    const bool cluster = component == "cache.cluster";
    const bool node = component.rfind("cache.nodes.", 0) == 0 && (state == "primary" || state == "minority_down");
    if (!failover && !cluster && !node) continue;
    ctx.changes.push_back({{"from", e.value("t_s", 0.0)}, {"change", component + " " + state}});
  }
}

// When any circuit breaker was open (not closed): the union of every breaker's open and half-open
// spans, each from its "open" to its "closed" (or the end of the run).
void add_breakers(Context& ctx, const std::vector<json>& events) {
  std::map<std::string, double> open_since;
  std::vector<std::pair<double, double>> spans;
  for (const json& e : events) {
    const std::string component = e.value("component", std::string());
    if (component.find(".breaker") == std::string::npos) continue;
    const std::string state = e.value("state", std::string());
    const double t = e.value("t_s", 0.0);
    if (state == "open" && !open_since.count(component)) open_since[component] = t;
    if (state == "closed" && open_since.count(component)) {
      spans.emplace_back(open_since[component], t);
      open_since.erase(component);
    }
  }
  for (const auto& [component, since] : open_since) spans.emplace_back(since, ctx.end_s);
  std::sort(spans.begin(), spans.end());
  for (size_t i = 0; i < spans.size();) {
    double from = spans[i].first, to = spans[i].second;
    for (++i; i < spans.size() && spans[i].first <= to; ++i) to = std::max(to, spans[i].second);
    ctx.breakers.push_back({{"from", from}, {"to", to}, {"change", "a circuit breaker not closed"}});
  }
}

Context context_of(const ReportInput& input) {
  Context ctx;
  ctx.times = input.series.times();
  ctx.bucket = std::max<size_t>(1, (ctx.times.size() + kMaxPoints - 1) / kMaxPoints);
  ctx.end_s = input.scenario.value("duration_s", ctx.times.empty() ? 0.0 : ctx.times.back() + 1.0);
  add_faults(ctx, input.scenario);
  add_changes(ctx, input.events);
  add_breakers(ctx, input.events);
  return ctx;
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

}  // namespace

std::vector<ReportChart> report_charts(const ReportInput& input) {
  const ReportSeries& s = input.series;
  const Context ctx = context_of(input);
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
