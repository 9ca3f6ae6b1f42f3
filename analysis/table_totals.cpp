#include "analysis/table_totals.hpp"

#include <algorithm>
#include <cmath>

namespace cachestorm::analysis {

TableTotals::TableTotals(const models::MetricTable& table, double warmup_s)
    : table_(table), first_(std::min(static_cast<size_t>(std::ceil(warmup_s)), table.closed_windows())) {
  const auto& all = table_.all_series();
  for (models::SeriesId id = 0; id < all.size(); ++id) index_[all[id].family->name].emplace(all[id].label_value, id);
}

const models::SeriesId* TableTotals::find(const std::string& name, const std::string& label) const {
  const auto family = index_.find(name);
  if (family == index_.end()) return nullptr;
  const auto series = family->second.find(label);
  return series == family->second.end() ? nullptr : &series->second;
}

double TableTotals::sum_of(models::SeriesId id) const {
  double total = 0.0;
  for (size_t w = first_; w < table_.closed_windows(); ++w) total += table_.value(w, id);
  return total;
}

double TableTotals::sum(const std::string& name, const std::string& label) const {
  const models::SeriesId* id = find(name, label);
  return id == nullptr ? 0.0 : sum_of(*id);
}

double TableTotals::sum_labels(const std::string& name) const {
  double total = 0.0;
  for (const auto& [label, value] : by_label(name)) total += value;
  return total;
}

std::map<std::string, double> TableTotals::by_label(const std::string& name) const {
  std::map<std::string, double> out;
  const auto family = index_.find(name);
  if (family == index_.end()) return out;
  for (const auto& [label, id] : family->second) out[label] = sum_of(id);
  return out;
}

double TableTotals::peak(const std::string& name, const std::string& label) const {
  const models::SeriesId* id = find(name, label);
  double best = 0.0;
  for (size_t w = first_; id != nullptr && w < table_.closed_windows(); ++w) best = std::max(best, table_.value(w, *id));
  return best;
}

models::LatencyHistogram TableTotals::latency(const std::string& name, const std::string& label) const {
  models::LatencyHistogram merged;
  const models::SeriesId* id = find(name, label);
  for (size_t w = first_; id != nullptr && w < table_.closed_windows(); ++w) merged.merge(table_.latency(w, *id));
  return merged;
}

double TableTotals::measured_seconds() const {
  return std::max(0.0, std::min(static_cast<double>(table_.closed_windows()), table_.horizon()) - static_cast<double>(first_));
}

}  // namespace cachestorm::analysis
