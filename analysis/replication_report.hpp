// The outputs of a run of several replications, built from each replication's own summary.json
// and timeseries.csv: every numeric metric of the summary is computed per replication, then
// summarised across replications (analysis/replication_stats.hpp). Metric names are the summary's
// key paths ("latency_s.p99", "requests.hit_ratio"); units are read from the names (a "_s" key
// or block: seconds, but a block's "count"; "_bytes": bytes; "ratio" and "utilisation": ratio;
// else count) until summary keys are declared with their units.
// Text only; writing is the CLI's job.
#pragma once
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/text_sink.hpp"

namespace cachestorm::analysis {

struct MetricValue {
  std::string name;
  double value;
  std::string unit;
};

// The numeric leaves of a summary in key order, without the identifiers (seed, replication).
std::vector<MetricValue> flatten_summary(const nlohmann::json& summary);

// replication,metric,value,unit: one row per replication (the summary's own index) and metric.
std::string replications_csv(const std::vector<nlohmann::json>& summaries);
// metric,mean,sd,n,ci_low,ci_high,unit: one row per metric, over the replications.
std::string replication_summary_csv(const std::vector<nlohmann::json>& summaries);
// The same as JSON, with the run's identity: {"scenario", "seed", "replications", "metrics": {...}}.
nlohmann::json replication_summary_json(const std::vector<nlohmann::json>& summaries);
// The replications' time series as one table with a leading replication column, read from their
// files a piece at a time: files[i] holds replication replications[i]'s (timeseries.csv format).
// Throws std::runtime_error if a file cannot be read.
void write_combined_timeseries_csv(const std::vector<std::filesystem::path>& files,
                                   const std::vector<uint32_t>& replications, const TextSink& out);

}  // namespace cachestorm::analysis
