#include "analysis/compare_report.hpp"

#include <map>

#include "analysis/replication_report.hpp"
#include "analysis/run_report.hpp"

namespace cachestorm::analysis {
namespace {

// metric -> values by replication, and each metric's unit, in the first summary's order.
struct Table {
  std::vector<std::string> order;
  std::map<std::string, std::vector<double>> values;
  std::map<std::string, std::string> units;
};

Table table_of(const std::vector<nlohmann::json>& summaries) {
  Table table;
  for (const auto& summary : summaries) {
    for (const auto& metric : flatten_summary(summary)) {
      if (table.units.emplace(metric.name, metric.unit).second) table.order.push_back(metric.name);
      table.values[metric.name].push_back(metric.value);
    }
  }
  return table;
}

double mean_of(const std::vector<double>& values) { return replication_stats(values).mean; }

}  // namespace

std::vector<Difference> paired_differences(const std::vector<Variant>& variants) {
  std::vector<Difference> out;
  const Table baseline = table_of(variants.at(0).summaries);
  for (size_t v = 1; v < variants.size(); ++v) {
    const Table other = table_of(variants[v].summaries);
    for (const auto& metric : baseline.order) {
      const auto found = other.values.find(metric);
      const auto& base_values = baseline.values.at(metric);
      // Paired only where every replication has the metric in both (a quantile may be missing).
      if (found == other.values.end() || found->second.size() != base_values.size()) continue;
      std::vector<double> differences;
      for (size_t r = 0; r < base_values.size(); ++r) differences.push_back(found->second[r] - base_values[r]);
      out.push_back({variants[v].name, metric, baseline.units.at(metric), mean_of(base_values), mean_of(found->second),
                     replication_stats(differences)});
    }
  }
  return out;
}

std::string compare_csv(const std::vector<Difference>& differences) {
  std::string out =
      "variant,metric,baseline_mean,variant_mean,difference_mean,difference_ci_low,difference_ci_high,excludes_zero,"
      "unit\n";
  for (const auto& d : differences)
    out += d.variant + "," + d.metric + "," + format_number(d.baseline_mean) + "," + format_number(d.variant_mean) +
           "," + format_number(d.difference.mean) + "," + format_number(d.difference.ci_low) + "," +
           format_number(d.difference.ci_high) + "," + (d.excludes_zero() ? "true" : "false") + "," + d.unit + "\n";
  return out;
}

}  // namespace cachestorm::analysis
