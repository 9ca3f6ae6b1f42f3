#include "analysis/report_marks.hpp"

#include <algorithm>
#include <map>
#include <string>

namespace cachestorm::analysis {
namespace {

using nlohmann::json;

// The scenario's faults: an interval each (to the end of the run when it has no duration), or
// an instant for a flush.
void add_faults(ReportContext& ctx, const json& scenario) {
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
void add_changes(ReportContext& ctx, const std::vector<json>& events) {
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
void add_breakers(ReportContext& ctx, const std::vector<json>& events) {
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

}  // namespace

ReportContext report_context(const ReportInput& input) {
  ReportContext ctx;
  ctx.times = input.series.times();
  ctx.bucket = std::max<size_t>(1, (ctx.times.size() + kMaxReportPoints - 1) / kMaxReportPoints);
  ctx.end_s = input.scenario.value("duration_s", ctx.times.empty() ? 0.0 : ctx.times.back() + 1.0);
  add_faults(ctx, input.scenario);
  add_changes(ctx, input.events);
  add_breakers(ctx, input.events);
  return ctx;
}

}  // namespace cachestorm::analysis
