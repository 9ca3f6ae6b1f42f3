#include "analysis/run_report.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "analysis/failover_report.hpp"
#include "models/cache/cache_config.hpp"
#include "analysis/staleness_report.hpp"
#include "analysis/table_totals.hpp"
#include "sim/build_info.hpp"

namespace cachestorm::analysis {
namespace {

using models::LatencyHistogram;
using models::MetricKind;
using models::MetricTable;

void add_row(std::string& out, size_t window, const std::string& metric, const std::string& label, double value,
             const char* unit) {
  out += std::to_string(window);
  out += ',';
  out += metric;
  out += ',';
  out += label;
  out += ',';
  out += format_number(value);
  out += ',';
  out += unit;
  out += '\n';
}

void latency_rows(std::string& out, size_t window, const std::string& name, const std::string& label,
                  const LatencyHistogram& h, const char* unit) {
  if (h.count() == 0) return;
  add_row(out, window, name + "_count", label, static_cast<double>(h.count()), "count");
  add_row(out, window, name + "_mean", label, h.mean(), unit);
  add_row(out, window, name + "_p50", label, h.quantile(0.50), unit);
  add_row(out, window, name + "_p95", label, h.quantile(0.95), unit);
  add_row(out, window, name + "_p99", label, h.quantile(0.99), unit);
  add_row(out, window, name + "_p999", label, h.quantile(0.999), unit);
}

// A distribution of counts (fetches per refill): mean exact, quantiles rounded to the integer
// their bucket holds (buckets are within 0.4 %, so exact below 128); null when empty.
nlohmann::json count_distribution(const LatencyHistogram& h) {
  if (h.count() == 0)  // the same keys without a sample (count 0, the rest undefined), so a path names a value
    return {{"count", 0}, {"mean", nullptr}, {"p50", nullptr}, {"p99", nullptr}, {"max", nullptr}};
  return {{"count", h.count()},
          {"mean", h.mean()},
          {"p50", std::round(h.quantile(0.50))},
          {"p99", std::round(h.quantile(0.99))},
          {"max", std::round(h.quantile(1.0))}};
}

nlohmann::json latency_block(const LatencyHistogram& h, const char* covers) {
  nlohmann::json block = {{"covers", covers}, {"count", h.count()}};
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

// Per-second SLO figures from each second's p99: the worst one (null if no second had a sample),
// and the seconds whose p99 exceeded the SLO latency, as a count and a share of the seconds.
void add_per_second(nlohmann::json& block, const std::vector<double>& p99s, double seconds, double slo_s) {
  const auto worst = std::max_element(p99s.begin(), p99s.end());
  block["p99_max_1s"] = worst == p99s.end() ? nlohmann::json(nullptr) : nlohmann::json(*worst);
  const auto over = static_cast<uint64_t>(std::count_if(p99s.begin(), p99s.end(), [slo_s](double p) { return p > slo_s; }));
  block["seconds_over_slo"] = over;
  block["seconds_over_slo_ratio"] = seconds > 0 ? nlohmann::json(static_cast<double>(over) / seconds) : nlohmann::json(nullptr);
}

double ratio(double part, double whole) { return whole > 0.0 ? part / whole : 0.0; }
// Counts are summed as doubles (exact below 2^53) and written as integers.
uint64_t n(double count) { return static_cast<uint64_t>(std::llround(count)); }

nlohmann::json requests_block(const TableTotals& t) {
  const double total = t.sum("requests");
  nlohmann::json errors_by_reason = nlohmann::json::object();
  for (const auto& [reason, count] : t.by_label("errors")) errors_by_reason[reason] = n(count);
  return {{"total", n(total)},
          {"ok", n(t.sum("ok"))},
          {"errors", n(t.sum_labels("errors"))},
          {"client_timeouts", n(t.sum("client_timeouts"))},
          {"unfinished", n(t.sum("unfinished"))},
          {"errors_by_reason", errors_by_reason},
          {"slow", n(t.sum("slow_requests"))},
          // of ended requests: an unfinished one has no latency yet (it may be the slowest of all)
          {"slow_ratio", ratio(t.sum("slow_requests"), total - t.sum("unfinished"))},
          {"error_ratio", ratio(t.sum_labels("errors") + t.sum("client_timeouts"), total)},
          // as clients saw it: of the requests that reached an app instance, those a cache hit answered in time
          // (a GET given up on, one refused by a breaker, a miss: the origin's)
          {"hit_ratio", ratio(t.sum_labels("app_cache_hits"), t.sum_labels("app_requests"))}};
}

// What retries added (client.retries; all zero without): attempts (requests' first attempts and
// their retries), amplification (attempts per request), the failed attempts by reason, and
// goodput (requests answered ok in time) against throughput (answers with a value, in time or
// after their client or app gave up: the work the system did).
nlohmann::json retries_block(const TableTotals& t) {
  const double requests = t.sum("requests"), retries = t.sum("retries"), seconds = t.measured_seconds();
  nlohmann::json failures = nlohmann::json::object();
  for (const auto& [reason, count] : t.by_label("attempt_failures")) failures[reason] = n(count);
  const double ok = t.sum("ok"), served = ok + t.sum("late_answers") + t.sum_labels("app_origin_dropped_answers");
  return {{"attempts", n(requests + retries)},
          {"retries", n(retries)},
          {"amplification", requests > 0 ? nlohmann::json((requests + retries) / requests) : nlohmann::json(nullptr)},
          {"budget_refusals", n(t.sum("retry_budget_refusals"))},
          {"attempt_failures", n(t.sum_labels("attempt_failures"))},
          {"attempt_failures_by_reason", failures},
          {"late_answers", n(t.sum("late_answers"))},
          {"goodput_per_s", seconds > 0 ? nlohmann::json(ok / seconds) : nlohmann::json(nullptr)},
          {"throughput_per_s", seconds > 0 ? nlohmann::json(served / seconds) : nlohmann::json(nullptr)}};
}

// The node serving `shard`'s slots at the end: the last replica promoted within the run, or
// the node that started as its primary. (A node's label: "<shard>" or "<shard>r<k>".)
std::string primary_at_end(const std::string& shard, const std::vector<models::FailoverRecord>& failovers,
                           double until_s) {
  std::string primary = shard;
  double last_s = -1.0;
  for (const models::FailoverRecord& r : failovers)
    if (std::to_string(r.shard) == shard && r.promoted_s && *r.promoted_s < until_s && *r.promoted_s > last_s) {
      last_s = *r.promoted_s;
      primary = r.new_primary;
    }
  return primary;
}

// With replicas: each node's role at the end and its replication lag (p50, p99, max; as the lag
// histogram's buckets, within 0.8 %; null for a node that never received a change).
void add_replica_facts(nlohmann::json& entry, const std::string& node, const TableTotals& t,
                       const std::vector<models::FailoverRecord>& failovers, double until_s) {
  const std::string shard = node.substr(0, node.find('r'));
  entry["role_at_end"] = primary_at_end(shard, failovers, until_s) == node ? "primary" : "replica";
  const LatencyHistogram lag = t.latency("replication_lag_s", node);
  entry["replication_lag_s"] = lag.count() == 0 ? nlohmann::json(nullptr)
                                                : nlohmann::json{{"p50", lag.quantile(0.5)},
                                                                 {"p99", lag.quantile(0.99)},
                                                                 {"max", lag.quantile(1.0)}};
}

nlohmann::json shards_block(const TableTotals& t, double measured_s, const std::vector<models::FailoverRecord>& failovers,
                            double until_s) {
  nlohmann::json shards = nlohmann::json::object();
  const auto nodes = t.by_label("shard_commands");
  const bool replicated = std::any_of(nodes.begin(), nodes.end(),
                                      [](const auto& node) { return node.first.find('r') != std::string::npos; });
  for (const auto& [shard, commands] : nodes) {
    const double hits = t.sum("shard_hits", shard), misses = t.sum("shard_misses", shard);
    const LatencyHistogram delay = t.latency("shard_queue_delay", shard);
    shards[shard] = {{"commands", n(commands)},
                     // null: the node answered no GET (a replica nobody reads)
                     {"hit_ratio", hits + misses > 0 ? nlohmann::json(hits / (hits + misses)) : nlohmann::json(nullptr)},
                     {"utilisation", ratio(t.sum("shard_busy_s", shard), measured_s)},
                     {"queue_peak", n(t.peak("shard_queue_peak", shard))},
                     {"evictions", n(t.sum("shard_evictions", shard))},
                     {"oom_errors", n(t.sum("shard_oom_errors", shard))},
                     {"used_memory_peak_bytes", n(t.peak("shard_used_memory_bytes", shard))},
                     {"keys_peak", n(t.peak("shard_keys", shard))},
                     {"queue_delay_p99_s", delay.count() == 0 ? nlohmann::json(nullptr) : nlohmann::json(delay.quantile(0.99))}};
    if (replicated) add_replica_facts(shards[shard], shard, t, failovers, until_s);
  }
  return shards;
}

nlohmann::json key_classes_block(const TableTotals& t, const std::vector<std::string>& writing,
                                 const std::vector<ClassBudget>& budgets) {
  nlohmann::json classes = nlohmann::json::object();
  for (const auto& [name, requests] : t.by_label("key_class_requests")) {
    const double hits = t.sum("key_class_hits", name), misses = t.sum("key_class_misses", name);
    const LatencyHistogram stale_age = t.latency("key_class_stale_age_s", name);
    classes[name] = {
        {"requests", n(requests)},
        {"hits", n(hits)},
        {"misses", n(misses)},
        {"hit_ratio", ratio(hits, hits + misses)},
        {"stampede",
         {{"refill_fetches", n(t.sum("key_class_refill_fetches", name))},
          {"fetches_per_refill", count_distribution(t.latency("key_class_fetches_per_refill", name))},
          {"unfilled_cycles_at_end", n(t.sum("key_class_unfilled_cycles", name))},
          {"fetches_in_unfilled_cycles", n(t.sum("key_class_unfilled_fetches", name))},
          {"duplicate_fetches", n(t.sum("key_class_duplicate_fetches", name))},
          {"key_fetch_peak", n(t.peak("key_class_key_fetch_peak", name))},
          {"early_recomputes", n(t.sum("key_class_early_recomputes", name))},
          {"coalesced_misses", n(t.sum("key_class_coalesced_misses", name))}}},
        {"stale",
         {{"served", n(t.sum("key_class_stale_served", name))},
          {"age_p99_s", stale_age.count() ? nlohmann::json(stale_age.quantile(0.99)) : nlohmann::json(nullptr)},
          {"age_max_s", stale_age.count() ? nlohmann::json(stale_age.quantile(1.0)) : nlohmann::json(nullptr)}}},
        {"not_found",
         {{"answers", n(t.sum("key_class_not_found_answers", name))},
          {"negative_hits", n(t.sum("key_class_negative_hits", name))}}},
        {"breaker",
         {{"refused", n(t.sum("key_class_breaker_refused", name))},
          {"opened", n(t.sum("key_class_breaker_opened", name))},
          {"closed", n(t.sum("key_class_breaker_closed", name))},
          {"open_s", t.sum("key_class_breaker_open_s", name)},
          {"longest_open_s", t.peak("key_class_breaker_longest_open_s", name)}}}};
    const bool writes = std::find(writing.begin(), writing.end(), name) != writing.end();
    const std::vector<std::string> measured = writes ? std::vector<std::string>{name} : std::vector<std::string>{};
    classes[name]["writes"] = writes_block(t, measured);
    classes[name]["staleness"] = staleness_block(t, measured);
    if (writes) {
      const auto budget = std::find_if(budgets.begin(), budgets.end(),
                                       [&](const ClassBudget& b) { return b.key_class == name; });
      classes[name]["staleness"]["budget"] = budget != budgets.end() ? budget_block(t, *budget) : nlohmann::json();
    }
  }
  return classes;
}

}  // namespace

std::string format_number(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

void write_timeseries_csv(const MetricTable& table, const TextSink& sink) {
  std::string out = "t_s,metric,label,value,unit\n";
  const auto& all = table.all_series();
  std::vector<std::string> labels;
  for (const auto& series : all)
    labels.push_back(series.label_value.empty() ? "" : std::string(series.family->label) + "=" + series.label_value);
  for (size_t w = 0; w < table.closed_windows(); ++w) {
    for (models::SeriesId id = 0; id < all.size(); ++id) {
      const models::MetricFamily& family = *all[id].family;
      const std::string& label = labels[id];
      switch (family.kind) {
        case MetricKind::kCounter:
        case MetricKind::kLevel:
        case MetricKind::kPeak:
          add_row(out, w, family.name, label, table.value(w, id), family.unit);
          break;
        case MetricKind::kGauge:
          add_row(out, w, std::string(family.name) + "_max", label, table.value(w, id), family.unit);
          add_row(out, w, std::string(family.name) + "_end", label, table.gauge_end(w, id), family.unit);
          break;
        case MetricKind::kLatency:
          latency_rows(out, w, family.name, label, table.latency(w, id), family.unit);
          break;
      }
    }
    if (out.size() >= (1u << 20)) {
      sink(out);
      out.clear();
    }
  }
  sink(out);
}

std::string timeseries_csv(const MetricTable& table) {
  std::string text;
  write_timeseries_csv(table, [&text](std::string_view piece) { text.append(piece); });
  return text;
}

namespace {

// What the summary says of a span of windows: requests, latency, origin and cache, key classes,
// writes and staleness.
void add_measures(nlohmann::json& out, const TableTotals& t, const RunFacts& facts) {
  out["requests"] = requests_block(t);
  out["retries"] = retries_block(t);
  out["latency_s"] = latency_block(t.latency("latency"),
                                   "every ended request: ok, errors at their error time, timeouts at their timeout");
  add_per_second(out["latency_s"], t.per_second_p99("latency"), t.measured_seconds(), facts.slo_latency_s);
  out["latency_ok_s"] = latency_block(t.latency("latency_ok"), "ok requests only");
  out["key_classes"] = key_classes_block(t, facts.writing_classes, facts.staleness_budgets);
  out["writes"] = writes_block(t, facts.writing_classes);
  out["staleness"] = staleness_block(t, facts.writing_classes);
  out["origin"] = {{"connections", facts.origin_connections},
                   {"queries_arrived", n(t.sum("origin_queries_arrived"))},
                   {"queries_arrived_peak_per_s", t.peak("origin_queries_arrived")},  // the busiest second's demand
                   {"queries_started", n(t.sum("origin_queries_started"))},
                   {"queries_completed", n(t.sum("origin_queries_completed"))},
                   {"rejected", n(t.sum("origin_rejected"))},
                   {"queue_timeouts", n(t.sum("origin_queue_timeouts"))},
                   {"failed", n(t.sum("origin_failed"))},
                   {"shed", n(t.sum("origin_shed"))},
                   {"busy_peak", n(t.peak("origin_busy"))},
                   {"queue_peak", n(t.peak("origin_queue"))}};
  const double hits = t.sum_labels("shard_hits"), misses = t.sum_labels("shard_misses");
  out["cache"] = {{"hits", n(hits)},
                  {"misses", n(misses)},
                  {"hit_ratio", ratio(hits, hits + misses)},  // the shards' own: of GETs they answered
                  {"expirations_lazy", n(t.sum_labels("shard_expired_lazy"))},
                  {"expirations_active", n(t.sum_labels("shard_expired_active"))},
                  {"evictions", n(t.sum_labels("shard_evictions"))},
                  {"oom_errors", n(t.sum_labels("shard_oom_errors"))},
                  {"fills", n(t.sum_labels("shard_fills"))},
                  {"refused", n(t.sum_labels("shard_refused"))},
                  {"give_ups", n(t.sum_labels("app_cache_give_ups"))},
                  {"shards", shards_block(t, t.measured_seconds(), facts.failovers, facts.simulated_until_s)}};
}

nlohmann::json windows_json(const MetricTable& table, const RunFacts& facts) {
  nlohmann::json out = nlohmann::json::object();
  for (const ReportWindow& window : facts.windows) {
    const auto [first, end] = seconds_of(window);
    const TableTotals t(table, first, end);
    nlohmann::json block = {{"from_s", window.from_s},
                            {"to_s", window.to_s},
                            {"seconds", t.measured_seconds()}};
    add_measures(block, t, facts);
    out[window.name] = std::move(block);
  }
  return out;
}

}  // namespace

nlohmann::json summary_json(const MetricTable& table, const RunFacts& facts) {
  const TableTotals t(table, facts.warmup_s);
  nlohmann::json summary;
  summary["scenario"] = facts.scenario_name;
  summary["seed"] = facts.seed;
  summary["replication"] = facts.replication;
  summary["status"] = facts.status;
  summary["duration_s"] = facts.duration_s;
  summary["simulated_until_s"] = facts.simulated_until_s;
  summary["warmup_s"] = facts.warmup_s;
  summary["slo_latency_s"] = facts.slo_latency_s;
  add_measures(summary, t, facts);
  summary["cache"]["resident_keys_at_end"] = facts.resident_keys_at_end;
  if (!facts.incidents.empty()) summary["recovery"] = recovery_json(table, facts.incidents, facts.warmup_s);
  if (!facts.windows.empty()) summary["windows"] = windows_json(table, facts);
  if (!facts.failover_faults.empty())
    summary["failover"] = failover_json(table, facts.failover_faults, facts.failovers, facts.simulated_until_s);
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

std::vector<std::string> writing_classes_of(const nlohmann::json& resolved) {
  std::vector<std::string> writing;
  for (const auto& key_class : resolved.at("workload").at("key_classes"))
    if (!key_class.value("writes", nlohmann::json()).is_null()) writing.push_back(key_class.at("name"));
  return writing;
}

std::vector<std::string> summary_metric_names(uint32_t shards, const std::vector<std::string>& key_classes,
                                              const std::vector<Incident>& incidents,
                                              const std::vector<std::string>& writing_classes,
                                              const std::vector<ClassBudget>& staleness_budgets,
                                              const std::vector<ReportWindow>& windows,
                                              const std::vector<std::string>& failover_faults,
                                              uint32_t replicas_per_shard) {
  // A table with only the series the summary's per-shard and per-class blocks are keyed by.
  static const models::MetricFamily kShardCommands{"shard_commands", "count", "", models::MetricKind::kCounter, "shard", ""};
  static const models::MetricFamily kClassRequests{"key_class_requests", "count", "", models::MetricKind::kCounter, "key_class", ""};
  MetricTable table(1.0);
  for (uint32_t n = 0; n < shards * (1 + replicas_per_shard); ++n)
    table.series(kShardCommands, models::cache_node_label(n, shards));
  for (const auto& name : key_classes) table.series(kClassRequests, name);
  std::vector<std::string> names;
  RunFacts facts;
  facts.incidents = incidents;
  facts.writing_classes = writing_classes;
  facts.staleness_budgets = staleness_budgets;
  facts.windows = windows;
  facts.failover_faults = failover_faults;
  // A block the run will not have (writes, staleness and its budget without writes) is null here:
  // it names no value, so it is no metric.
  const auto is_absent_block = [](const std::string& name) {
    for (const char* block : {"writes", "staleness", "budget"}) {
      const std::string key = block;
      if (name == key || (name.size() > key.size() && name.compare(name.size() - key.size() - 1, std::string::npos,
                                                                    "." + key) == 0))
        return true;
    }
    return false;
  };
  visit_summary_metrics(summary_json(table, facts), [&](const std::string& name, const nlohmann::json& value) {
    if (!(value.is_null() && is_absent_block(name))) names.push_back(name);
  });
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
