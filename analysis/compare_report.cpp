#include "analysis/compare_report.hpp"

#include <limits>
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

// A metric's own statistics, cut to its unit's range; n = 0 without values.
ReplicationStats own_stats(const std::vector<double>* values, const std::string& unit) {
  if (values == nullptr || values->empty()) return {};
  return within(replication_stats(*values), 0.0, unit == "ratio" ? 1.0 : std::numeric_limits<double>::infinity());
}

}  // namespace

std::vector<Difference> paired_differences(const std::vector<Variant>& variants) {
  std::vector<Difference> out;
  const Table baseline = table_of(variants.at(0).summaries);
  const size_t replications = variants.at(0).summaries.size();
  for (size_t v = 1; v < variants.size(); ++v) {
    const Table other = table_of(variants[v].summaries);
    std::vector<std::string> order = baseline.order;
    for (const auto& metric : other.order)
      if (!baseline.units.count(metric)) order.push_back(metric);
    for (const auto& metric : order) {
      const auto in_base = baseline.values.find(metric), in_other = other.values.find(metric);
      const std::vector<double>* base_values = in_base == baseline.values.end() ? nullptr : &in_base->second;
      const std::vector<double>* values = in_other == other.values.end() ? nullptr : &in_other->second;
      const std::string& unit = base_values != nullptr ? baseline.units.at(metric) : other.units.at(metric);
      Difference d{variants[v].name, metric, unit, 0.0, 0.0, own_stats(base_values, unit), own_stats(values, unit), {}};
      d.baseline_mean = d.baseline.mean;
      d.variant_mean = d.own.mean;
      // Paired only where every replication has the metric in both (a quantile may be missing).
      if (base_values != nullptr && values != nullptr && base_values->size() == replications &&
          values->size() == replications) {
        std::vector<double> differences;
        for (size_t r = 0; r < replications; ++r) differences.push_back((*values)[r] - (*base_values)[r]);
        d.difference = replication_stats(differences);
      }
      out.push_back(std::move(d));
    }
  }
  return out;
}

std::string compare_csv(const std::vector<Difference>& differences) {
  std::string out =
      "variant,metric,baseline_mean,baseline_ci_low,baseline_ci_high,baseline_n,variant_mean,variant_ci_low,"
      "variant_ci_high,variant_n,difference_mean,difference_ci_low,difference_ci_high,excludes_zero,unit\n";
  const auto stats = [](const ReplicationStats& s) {
    if (s.n == 0) return std::string(",,,0");
    return format_number(s.mean) + "," + format_number(s.ci_low) + "," + format_number(s.ci_high) + "," +
           std::to_string(s.n);
  };
  for (const auto& d : differences) {
    out += d.variant + "," + d.metric + "," + stats(d.baseline) + "," + stats(d.own) + ",";
    out += d.paired() ? format_number(d.difference.mean) + "," + format_number(d.difference.ci_low) + "," +
                            format_number(d.difference.ci_high) + "," + (d.excludes_zero() ? "true" : "false")
                      : std::string(",,,");
    out += "," + d.unit + "\n";
  }
  return out;
}

}  // namespace cachestorm::analysis
