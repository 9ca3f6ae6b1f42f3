// The files a run leaves behind, built from a finished MetricTable: timeseries.csv (tidy:
// t_s,metric,label,value,unit, one row per window, series and statistic, generated from the
// metric declarations), summary.json and manifest.json. Formatting is locale-free and uses the
// shortest round-trip form of every number, so one seed gives byte-identical files.
// Builds text only; writing it to disk (atomically) is the CLI's job.
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/recovery_report.hpp"
#include "analysis/report_windows.hpp"
#include "analysis/staleness_report.hpp"
#include "analysis/text_sink.hpp"
#include "models/cache/failover/failover_record.hpp"
#include "models/metrics/metric_table.hpp"

namespace cachestorm::analysis {

// What the run was, beyond its metrics.
struct RunFacts {
  std::string scenario_name;
  int64_t seed = 0;
  uint64_t replication = 0;
  double duration_s = 0;
  double simulated_until_s = 0;  // < duration_s when the run stopped early
  // "complete", "interrupted" (SIGINT/SIGTERM) or "stopped_at_in_flight_limit" (see
  // models/memory_estimate.hpp): a run that stopped early covers [0, simulated_until_s).
  std::string status = "complete";
  uint32_t in_flight_limit = 0;  // the bound the run ran under
  double warmup_s = 0.0;         // windows starting before this are not in the statistics
  double slo_latency_s = 0.0;    // the threshold of slow_requests
  uint32_t origin_connections = 0;
  uint64_t resident_keys_at_end = 0;
  std::vector<Incident> incidents;  // what the summary's "recovery" block judges (recovery_report.hpp)
  std::vector<std::string> writing_classes;  // key classes with writes (their staleness is measured)
  std::vector<ClassBudget> staleness_budgets;  // of those, the ones with a staleness budget
  std::vector<ReportWindow> windows;  // spans reported on their own (report_windows.hpp)
  std::vector<std::string> failover_faults;  // what the "failover" block reports (failover_report.hpp)
  std::vector<models::FailoverRecord> failovers;  // the cache tier's records of primary crashes
};

struct Provenance {
  std::string scenario_sha256;  // of the resolved scenario's canonical dump
  std::vector<std::string> command_line;
  std::vector<std::string> overrides;  // --set assignments, in the order applied
  uint32_t replications = 1;
  uint32_t jobs = 1;
};

std::string format_number(double value);
std::string timeseries_csv(const models::MetricTable& table);
// The same text, a window at a time into `out`.
void write_timeseries_csv(const models::MetricTable& table, const TextSink& out);
nlohmann::json summary_json(const models::MetricTable& table, const RunFacts& facts);
nlohmann::json manifest_json(const RunFacts& facts, const Provenance& provenance);
// Calls visit(name, value) for every metric leaf of a summary, in key order: numbers, and nulls (a
// quantile that a run without responses has no value for), named by key path ("latency_s.p99"),
// the identifiers (seed, replication) left out.
void visit_summary_metrics(const nlohmann::json& summary,
                           const std::function<void(const std::string& name, const nlohmann::json& value)>& visit);
// The names of the numeric metrics a summary holds ("requests.hit_ratio", "latency_s.p99",
// "cache.shards.2.utilisation", "key_classes.session.hit_ratio"), as key paths, without the
// identifiers, for a run with `shards` shards (0: cache disabled), these key classes (those of
// them with writes, and their staleness budgets) and incidents: what --assert may name.
std::vector<std::string> summary_metric_names(uint32_t shards = 0, const std::vector<std::string>& key_classes = {},
                                              const std::vector<Incident>& incidents = {},
                                              const std::vector<std::string>& writing_classes = {},
                                              const std::vector<ClassBudget>& staleness_budgets = {},
                                              const std::vector<ReportWindow>& windows = {},
                                              const std::vector<std::string>& failover_faults = {},
                                              uint32_t replicas_per_shard = 0);
// The key classes of a resolved scenario that have writes.
std::vector<std::string> writing_classes_of(const nlohmann::json& resolved);

}  // namespace cachestorm::analysis
