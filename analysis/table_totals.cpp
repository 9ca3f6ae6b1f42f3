#include "analysis/table_totals.hpp"

#include <algorithm>
#include <cmath>

namespace cachestorm::analysis {

TableTotals::TableTotals(const models::MetricTable& table, double warmup_s)
    : TableTotals(table, std::min(static_cast<size_t>(std::ceil(warmup_s)), table.closed_windows()),
                  table.closed_windows()) {}

TableTotals::TableTotals(const models::MetricTable& table, size_t first, size_t end)
    : table_(table), first_(std::min(first, table.closed_windows())), end_(std::min(end, table.closed_windows())) {
  first_ = std::min(first_, end_);
  const auto& all = table_.all_series();
  for (models::SeriesId id = 0; id < all.size(); ++id) index_[all[id].family->name].emplace(all[id].label_value, id);
  sums_.assign(all.size(), 0.0);
  peaks_.assign(all.size(), 0.0);
  histograms_.resize(all.size());
  p99s_.resize(all.size());
  // Window by window, in order: a spilled window is loaded once, and sums add in window order.
  for (size_t w = first_; w < end_; ++w) {
    for (models::SeriesId id = 0; id < all.size(); ++id) {
      if (all[id].family->kind == models::MetricKind::kLatency) {
        const models::LatencyHistogram& window = table_.latency(w, id);
        histograms_[id].merge(window);
        if (all[id].label_value.empty() && window.count() > 0) p99s_[id].push_back(window.quantile(0.99));
        continue;
      }
      const double value = table_.value(w, id);
      sums_[id] += value;
      peaks_[id] = std::max(peaks_[id], value);
    }
  }
}

const models::SeriesId* TableTotals::find(const std::string& name, const std::string& label) const {
  const auto family = index_.find(name);
  if (family == index_.end()) return nullptr;
  const auto series = family->second.find(label);
  return series == family->second.end() ? nullptr : &series->second;
}

double TableTotals::sum(const std::string& name, const std::string& label) const {
  const models::SeriesId* id = find(name, label);
  return id == nullptr ? 0.0 : sums_[*id];
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
  for (const auto& [label, id] : family->second) out[label] = sums_[id];
  return out;
}

double TableTotals::peak(const std::string& name, const std::string& label) const {
  const models::SeriesId* id = find(name, label);
  return id == nullptr ? 0.0 : peaks_[*id];
}

models::LatencyHistogram TableTotals::latency(const std::string& name, const std::string& label) const {
  const models::SeriesId* id = find(name, label);
  return id == nullptr ? models::LatencyHistogram() : histograms_[*id];
}

const std::vector<double>& TableTotals::per_second_p99(const std::string& name) const {
  static const std::vector<double> kNone;
  const models::SeriesId* id = find(name, "");
  return id == nullptr ? kNone : p99s_[*id];
}

double TableTotals::measured_seconds() const {
  return std::max(0.0, std::min(static_cast<double>(end_), table_.horizon()) - static_cast<double>(first_));
}

}  // namespace cachestorm::analysis
