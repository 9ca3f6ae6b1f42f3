#include "analysis/run_report.hpp"

#include <array>
#include <charconv>

#include "sim/build_info.hpp"

namespace cachestorm::analysis {
namespace {

struct CounterInfo {
  Counter counter;
  const char* name;
};
constexpr std::array<CounterInfo, kCounterCount> kCounterNames = {{
    {kRequests, "requests"}, {kHits, "hits"}, {kMisses, "misses"}, {kCacheErrors, "cache_errors"},
    {kResponsesOk, "responses_ok"}, {kErrors, "errors"}, {kClientTimeouts, "client_timeouts"},
    {kOriginStarted, "origin_queries_started"}, {kOriginCompleted, "origin_queries_completed"},
    {kOriginRejected, "origin_rejected"}, {kOriginQueueTimeouts, "origin_queue_timeouts"},
    {kCacheExpirations, "cache_expirations"}, {kCacheFills, "cache_fills"}, {kCacheFillsLost, "cache_fills_lost"},
}};

void add_row(std::string& out, size_t window, const char* metric, double value, const char* unit) {
  out += std::to_string(window);
  out += ',';
  out += metric;
  out += ',';
  out += format_number(value);
  out += ',';
  out += unit;
  out += '\n';
}

nlohmann::json latency_block(const LatencyHistogram& h) {
  // Until outcomes are timed at the client (request-path issue), errors and client timeouts have
  // no latency here: say so in the file, so no one reads these quantiles as every request's.
  nlohmann::json block = {{"covers", "ok responses only (errors and client timeouts excluded)"}, {"count", h.count()}};
  if (h.count() == 0) {  // undefined without a sample: null, never a misleading 0
    for (const char* key : {"mean", "p50", "p95", "p99", "p999"}) block[key] = nullptr;
    return block;
  }
  block["mean"] = h.mean();
  block["p50"] = h.quantile(0.50);
  block["p95"] = h.quantile(0.95);
  block["p99"] = h.quantile(0.99);
  block["p999"] = h.quantile(0.999);
  return block;
}

}  // namespace

std::string format_number(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string timeseries_csv(const RunCollector& collector) {
  std::string out = "t_s,metric,value,unit\n";
  const auto windows = collector.windows();
  for (size_t i = 0; i < windows.size(); ++i) {
    const WindowStats& w = windows[i];
    for (const auto& info : kCounterNames)
      add_row(out, i, info.name, static_cast<double>(w.counts[info.counter]), "count");
    add_row(out, i, "origin_busy_max", w.origin_busy_max, "connections");
    add_row(out, i, "origin_busy_end", w.origin_busy_end, "connections");
    add_row(out, i, "origin_queue_max", w.origin_waiting_max, "queries");
    add_row(out, i, "origin_queue_end", w.origin_waiting_end, "queries");
    if (w.latency_count == 0) continue;
    add_row(out, i, "latency_mean", w.latency_mean, "s");
    add_row(out, i, "latency_p50", w.p50, "s");
    add_row(out, i, "latency_p95", w.p95, "s");
    add_row(out, i, "latency_p99", w.p99, "s");
    add_row(out, i, "latency_p999", w.p999, "s");
  }
  return out;
}

nlohmann::json summary_json(const RunCollector& collector, const RunFacts& facts) {
  const auto t = collector.totals();
  const uint64_t answered = t[kResponsesOk] + t[kErrors] + t[kClientTimeouts];
  const uint64_t classified = t[kHits] + t[kMisses] + t[kCacheErrors];
  nlohmann::json summary;
  summary["scenario"] = facts.scenario_name;
  summary["seed"] = facts.seed;
  summary["replication"] = facts.replication;
  summary["status"] = facts.status;
  summary["duration_s"] = facts.duration_s;
  summary["simulated_until_s"] = facts.simulated_until_s;
  summary["warmup_s"] = facts.warmup_s;
  summary["requests"] = {
      {"total", t[kRequests]}, {"hits", t[kHits]}, {"misses", t[kMisses]}, {"cache_errors", t[kCacheErrors]},
      {"hit_ratio", classified == 0 ? 0.0 : static_cast<double>(t[kHits]) / static_cast<double>(classified)},
      {"ok", t[kResponsesOk]}, {"errors", t[kErrors]}, {"client_timeouts", t[kClientTimeouts]},
      {"unfinished_at_end", t[kRequests] >= answered ? t[kRequests] - answered : 0}};
  summary["latency_s"] = latency_block(collector.overall_latency());
  summary["origin"] = {{"connections", facts.origin_connections},
                       {"queries_started", t[kOriginStarted]},
                       {"queries_completed", t[kOriginCompleted]},
                       {"rejected", t[kOriginRejected]},
                       {"queue_timeouts", t[kOriginQueueTimeouts]},
                       {"busy_peak", collector.origin_busy_peak()},
                       {"queue_peak", collector.origin_waiting_peak()}};
  summary["cache"] = {{"expirations", t[kCacheExpirations]},
                      {"fills", t[kCacheFills]},
                      {"fills_lost", t[kCacheFillsLost]},
                      {"resident_keys_at_end", facts.resident_keys_at_end}};
  return summary;
}

namespace {

void visit_leaves(const nlohmann::json& node, const std::string& path,
                  const std::function<void(const std::string&, const nlohmann::json&)>& visit) {
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string name = path.empty() ? it.key() : path + "." + it.key();
    if (it->is_object()) {
      visit_leaves(*it, name, visit);
    } else if ((it->is_number() || it->is_null()) && name != "seed" && name != "replication") {
      visit(name, *it);
    }
  }
}

}  // namespace

void visit_summary_metrics(const nlohmann::json& summary,
                           const std::function<void(const std::string& name, const nlohmann::json& value)>& visit) {
  visit_leaves(summary, "", visit);
}

std::vector<std::string> summary_metric_names() {
  const RunCollector empty(1.0);
  std::vector<std::string> names;
  visit_summary_metrics(summary_json(empty, RunFacts{}),
                        [&names](const std::string& name, const nlohmann::json&) { names.push_back(name); });
  return names;
}

nlohmann::json manifest_json(const RunFacts& facts, const Provenance& provenance) {
  return {{"cachestorm_version", sim::cachestorm_version()},
          {"git_commit", sim::cachestorm_git_commit()},
          {"simgrid_version", sim::simgrid_version()},
          {"scenario", facts.scenario_name},
          {"scenario_sha256", provenance.scenario_sha256},
          {"seed", facts.seed},
          {"replication", facts.replication},
          {"command_line", provenance.command_line},
          {"overrides", provenance.overrides},
          {"replications", provenance.replications},
          {"jobs", provenance.jobs},
          {"in_flight_limit", facts.in_flight_limit},
          {"files", {"scenario.json", "summary.json", "timeseries.csv"}}};
}

}  // namespace cachestorm::analysis
