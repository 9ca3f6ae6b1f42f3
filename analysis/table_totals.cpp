#include "analysis/table_totals.hpp"

#include <algorithm>
#include <cmath>

namespace cachestorm::analysis {

TableTotals::TableTotals(const models::MetricTable& table, double warmup_s)
    : table_(table), first_(std::min(static_cast<size_t>(std::ceil(warmup_s)), table.closed_windows())) {}

double TableTotals::sum(const std::string& name, const std::string& label) const {
  const auto& all = table_.all_series();
  for (models::SeriesId id = 0; id < all.size(); ++id) {
    if (name != all[id].family->name || label != all[id].label_value) continue;
    double total = 0.0;
    for (size_t w = first_; w < table_.closed_windows(); ++w) total += table_.value(w, id);
    return total;
  }
  return 0.0;
}

double TableTotals::sum_labels(const std::string& name) const {
  double total = 0.0;
  for (const auto& [label, value] : by_label(name)) total += value;
  return total;
}

std::map<std::string, double> TableTotals::by_label(const std::string& name) const {
  std::map<std::string, double> out;
  for (const auto& series : table_.all_series())
    if (name == series.family->name) out[series.label_value] = sum(name, series.label_value);
  return out;
}

double TableTotals::peak(const std::string& name, const std::string& label) const {
  const auto& all = table_.all_series();
  for (models::SeriesId id = 0; id < all.size(); ++id) {
    if (name != all[id].family->name || label != all[id].label_value) continue;
    double best = 0.0;
    for (size_t w = first_; w < table_.closed_windows(); ++w) best = std::max(best, table_.value(w, id));
    return best;
  }
  return 0.0;
}

models::LatencyHistogram TableTotals::latency(const std::string& name, const std::string& label) const {
  models::LatencyHistogram merged;
  const auto& all = table_.all_series();
  for (models::SeriesId id = 0; id < all.size(); ++id) {
    if (name != all[id].family->name || label != all[id].label_value) continue;
    for (size_t w = first_; w < table_.closed_windows(); ++w) merged.merge(table_.latency(w, id));
  }
  return merged;
}

double TableTotals::measured_seconds() const {
  return std::max(0.0, std::min(static_cast<double>(table_.closed_windows()), table_.horizon()) - static_cast<double>(first_));
}

}  // namespace cachestorm::analysis
