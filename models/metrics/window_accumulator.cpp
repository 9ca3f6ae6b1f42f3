#include "models/metrics/window_accumulator.hpp"

#include <algorithm>
#include <cmath>

namespace cachestorm::models {

uint32_t WindowAccumulator::slot(SeriesId id) {
  series_.push_back(id);
  values_.push_back(0.0);
  histograms_.emplace_back();
  return static_cast<uint32_t>(series_.size() - 1);
}

void WindowAccumulator::flush() {
  if (start_ > end_) return;  // no window
  const bool past_horizon = start_ >= table_.horizon();
  start_ = 0.0;
  end_ = -1.0;
  const auto t = static_cast<double>(window_);
  if (!past_horizon && !table_.resident(t)) {
    hand_over_one_by_one(t);
    return;
  }
  const auto& all = table_.all_series();
  double* row = past_horizon ? nullptr : table_.row(t);
  for (size_t s = 0; s < series_.size(); ++s) {
    const SeriesId id = series_[s];
    switch (all[id].family->kind) {
      case MetricKind::kLatency:
        if (histograms_[s].count() > 0) {
          if (row != nullptr) table_.merge(id, window_, histograms_[s]);
          histograms_[s].clear();
        }
        continue;
      case MetricKind::kPeak:
        if (row != nullptr) row[all[id].column] = std::max(row[all[id].column], values_[s]);
        break;
      default:
        if (row != nullptr && values_[s] != 0.0) row[all[id].column] += values_[s];
        break;
    }
    values_[s] = 0.0;
  }
}

// Records for a window the table has spilled: through its records-for-old-windows path.
void WindowAccumulator::hand_over_one_by_one(double t) {
  const auto& all = table_.all_series();
  for (size_t s = 0; s < series_.size(); ++s) {
    const SeriesId id = series_[s];
    switch (all[id].family->kind) {
      case MetricKind::kLatency:
        if (histograms_[s].count() > 0) table_.merge(id, window_, histograms_[s]);
        histograms_[s].clear();
        break;
      case MetricKind::kPeak:
        if (values_[s] > 0.0) table_.peak(id, t, values_[s]);
        break;
      default:
        if (values_[s] != 0.0) table_.add(id, t, values_[s]);
        break;
    }
    values_[s] = 0.0;
  }
}

void WindowAccumulator::move_to(double t) {
  flush();
  const double horizon = table_.horizon();
  if (t >= horizon) {
    start_ = horizon;
    end_ = std::numeric_limits<double>::infinity();
    return;
  }
  window_ = MetricTable::window_of(t);
  start_ = t <= 0.0 ? -std::numeric_limits<double>::infinity() : static_cast<double>(window_);
  end_ = std::min(static_cast<double>(window_ + 1), horizon);
}

}  // namespace cachestorm::models
