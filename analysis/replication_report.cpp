#include "analysis/replication_report.hpp"

#include <fstream>
#include <limits>
#include <map>
#include <sstream>

#include "analysis/replication_stats.hpp"
#include "analysis/run_report.hpp"

namespace cachestorm::analysis {
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The unit a summary key path is in: "...ratio", "...fraction..." and "utilisation" are ratios
// wherever they are; a block named "..._s" holds seconds (but its "count"); a key "..._s",
// "seconds", "seconds_..." or "..._seconds" is seconds, "..._bytes" bytes; anything else counts.
std::string unit_of(const std::string& path) {
  const size_t last_dot = path.rfind('.');
  const std::string leaf = last_dot == std::string::npos ? path : path.substr(last_dot + 1);
  const std::string block = last_dot == std::string::npos ? "" : path.substr(0, last_dot);
  if (ends_with(leaf, "_per_s")) return "1/s";  // a rate: origin queries per second
  if (ends_with(leaf, "ratio") || leaf.find("fraction") != std::string::npos || leaf == "utilisation") return "ratio";
  if (ends_with(block, "_s")) return leaf == "count" ? "count" : "s";
  if (ends_with(leaf, "_s") || leaf == "seconds" || leaf.rfind("seconds_", 0) == 0 || ends_with(leaf, "_seconds"))
    return "s";
  if (ends_with(leaf, "_bytes")) return "bytes";
  return "count";
}

// A metric's statistics with its interval cut to the range of its unit: ratios in [0, 1], every
// other unit (counts, seconds, bytes, rates) at least 0.
ReplicationStats stats_in_range(const std::vector<double>& values, const std::string& unit) {
  return within(replication_stats(values), 0.0, unit == "ratio" ? 1.0 : std::numeric_limits<double>::infinity());
}

// Each metric's values across replications, in the first replication's metric order.
std::vector<std::pair<MetricValue, std::vector<double>>> by_metric(const std::vector<nlohmann::json>& summaries) {
  std::vector<std::pair<MetricValue, std::vector<double>>> metrics;
  std::map<std::string, size_t> index;
  for (const auto& summary : summaries) {
    for (const auto& metric : flatten_summary(summary)) {
      const auto [found, inserted] = index.emplace(metric.name, metrics.size());
      if (inserted) metrics.push_back({metric, {}});
      metrics[found->second].second.push_back(metric.value);
    }
  }
  return metrics;
}

}  // namespace

std::vector<MetricValue> flatten_summary(const nlohmann::json& summary) {
  std::vector<MetricValue> out;
  visit_summary_metrics(summary, [&out](const std::string& name, const nlohmann::json& value) {
    if (value.is_number()) out.push_back({name, value.get<double>(), unit_of(name)});
  });
  return out;
}

std::string replications_csv(const std::vector<nlohmann::json>& summaries) {
  std::string out = "replication,metric,value,unit\n";
  for (const auto& summary : summaries)
    for (const auto& metric : flatten_summary(summary))
      out += std::to_string(summary.value("replication", uint64_t{0})) + "," + metric.name + "," + format_number(metric.value) + "," + metric.unit + "\n";
  return out;
}

std::string replication_summary_csv(const std::vector<nlohmann::json>& summaries) {
  std::string out = "metric,mean,sd,n,ci_low,ci_high,unit\n";
  for (const auto& [metric, values] : by_metric(summaries)) {
    const ReplicationStats stats = stats_in_range(values, metric.unit);
    out += metric.name + "," + format_number(stats.mean) + "," + format_number(stats.sd) + "," +
           std::to_string(stats.n) + "," + format_number(stats.ci_low) + "," + format_number(stats.ci_high) + "," +
           metric.unit + "\n";
  }
  return out;
}

nlohmann::json replication_summary_json(const std::vector<nlohmann::json>& summaries) {
  nlohmann::json out = {{"scenario", summaries.at(0).value("scenario", "")},
                        {"seed", summaries.at(0).value("seed", 0)},
                        {"replications", summaries.size()},
                        {"confidence", 0.95},
                        {"metrics", nlohmann::json::object()}};
  for (const auto& [metric, values] : by_metric(summaries)) {
    const ReplicationStats stats = stats_in_range(values, metric.unit);
    out["metrics"][metric.name] = {{"mean", stats.mean}, {"sd", stats.sd},         {"n", stats.n},
                                   {"ci_low", stats.ci_low}, {"ci_high", stats.ci_high}, {"unit", metric.unit}};
  }
  return out;
}

void write_combined_timeseries_csv(const std::vector<std::filesystem::path>& files,
                                   const std::vector<uint32_t>& replications, const TextSink& out) {
  std::string text = "replication,t_s,metric,label,value,unit\n";
  for (size_t i = 0; i < files.size(); ++i) {
    std::ifstream rows(files[i], std::ios::binary);
    if (!rows) throw std::runtime_error(files[i].string() + ": cannot be read");
    const std::string prefix = std::to_string(replications.at(i)) + ",";
    std::string row;
    std::getline(rows, row);  // the header
    while (std::getline(rows, row)) {
      text.append(prefix).append(row).push_back('\n');
      if (text.size() >= (1u << 20)) {
        out(text);
        text.clear();
      }
    }
    if (rows.bad()) throw std::runtime_error(files[i].string() + ": cannot be read");
  }
  out(text);
}

}  // namespace cachestorm::analysis
