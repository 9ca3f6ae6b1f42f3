#include "analysis/report_series.hpp"

#include <algorithm>

namespace cachestorm::analysis {

void ReportSeries::add(uint32_t replication, double t_s, const std::string& metric, const std::string& label,
                       double value) {
  rows_.push_back({replication, t_s, metric, label, value});
}

void ReportSeries::finish() {
  for (const Row& row : rows_) {
    times_.push_back(row.t_s);
    replications_ = std::max(replications_, row.replication + 1);
  }
  std::sort(times_.begin(), times_.end());
  times_.erase(std::unique(times_.begin(), times_.end()), times_.end());
  for (const Row& row : rows_) {
    auto& by_label = values_[row.metric];
    auto [it, added] = by_label.try_emplace(row.label);
    if (added) {
      it->second.assign(replications_, std::vector<double>(times_.size(), 0.0));
      label_order_[row.metric].push_back(row.label);
    }
    const auto window = std::lower_bound(times_.begin(), times_.end(), row.t_s) - times_.begin();
    it->second[row.replication][static_cast<size_t>(window)] = row.value;
  }
  rows_.clear();
  rows_.shrink_to_fit();
}

std::vector<std::string> ReportSeries::labels(const std::string& metric) const {
  const auto it = label_order_.find(metric);
  return it == label_order_.end() ? std::vector<std::string>{} : it->second;
}

std::vector<std::vector<double>> ReportSeries::per_replication(const std::string& metric,
                                                               const std::string* label) const {
  std::vector<std::vector<double>> out(replications_, std::vector<double>(times_.size(), 0.0));
  const auto it = values_.find(metric);
  if (it == values_.end()) return out;
  for (const auto& [name, reps] : it->second) {
    if (label != nullptr && name != *label) continue;
    for (size_t r = 0; r < reps.size(); ++r)
      for (size_t w = 0; w < reps[r].size(); ++w) out[r][w] += reps[r][w];
  }
  return out;
}

}  // namespace cachestorm::analysis
