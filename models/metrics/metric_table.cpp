#include "models/metrics/metric_table.hpp"

#include "models/metrics/window_accumulator.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace cachestorm::models {

MetricTable::MetricTable(double duration_s)
    : horizon_(duration_s),
      window_limit_(static_cast<size_t>(std::ceil(duration_s))),
      spill_(std::make_unique<MemorySpill>()) {}

MetricTable::~MetricTable() = default;

SeriesId MetricTable::series(const MetricFamily& family, std::string label_value) {
  if (recording_) throw std::logic_error(std::string("metric ") + family.name + " declared after recording began");
  uint32_t column = 0;
  switch (family.kind) {
    case MetricKind::kCounter:
    case MetricKind::kLevel:
    case MetricKind::kPeak:
      column = columns_++;
      break;
    case MetricKind::kGauge:
      column = columns_;
      columns_ += 2;  // peak, end
      break;
    case MetricKind::kLatency:
      column = latency_series_++;
      break;
  }
  series_.push_back({&family, std::move(label_value), column});
  return static_cast<SeriesId>(series_.size() - 1);
}

void MetricTable::spill_to(std::unique_ptr<WindowSpill> spill) {
  if (recording_) throw std::logic_error("a metric table's spill is set after recording began");
  spill_ = std::move(spill);
}

double* MetricTable::values(size_t window) {
  if (window < base_) throw std::logic_error("a row of a spilled metric window was asked for");
  if (window - base_ >= resident_) {
    if (!recording_) {
      recording_ = true;
      gauge_now_.assign(columns_, 0.0);
    }
    resident_ = std::max(window + 1 - base_, std::min(window_limit_ - base_, resident_ * 2 + 8));
    data_.resize(resident_ * columns_, 0.0);
    histograms_.resize(resident_ * latency_series_);
  }
  return data_.data() + (window - base_) * columns_;  // (no columns: an empty row, not data_[0])
}

LatencyHistogram& MetricTable::histogram(size_t window, uint32_t index) {
  values(window);
  auto& slot = histograms_[(window - base_) * latency_series_ + index];
  if (!slot) slot = std::make_unique<LatencyHistogram>();
  return *slot;
}

void MetricTable::add_outside(size_t window, uint32_t column, double amount) {
  if (window >= base_) {
    values(window)[column] += amount;
  } else {
    loaded_ = SIZE_MAX;
    late_adds_[late_key(window, column)].push_back(amount);
  }
}

void MetricTable::peak_outside(size_t window, uint32_t column, double value) {
  if (window >= base_) {
    double& current = values(window)[column];
    current = std::max(current, value);
    return;
  }
  loaded_ = SIZE_MAX;
  const auto [it, inserted] = late_peaks_.emplace(late_key(window, column), value);
  if (!inserted) it->second = std::max(it->second, value);
}

void MetricTable::observe_outside(size_t window, uint32_t index, double seconds) {
  if (window >= base_) {
    histogram(window, index).add(seconds);
  } else {
    loaded_ = SIZE_MAX;
    late_histograms_[late_histogram_key(window, index)].push_back({std::string(), seconds});
  }
}

void MetricTable::merge(SeriesId id, size_t window, const LatencyHistogram& histogram_to_add) {
  if (window >= window_limit_) return;
  const uint32_t index = series_[id].column;
  if (window >= base_) {
    histogram(window, index).merge(histogram_to_add);
  } else {
    loaded_ = SIZE_MAX;
    LateHistogramRecord late;
    histogram_to_add.serialize(late.merged);
    late_histograms_[late_histogram_key(window, index)].push_back(std::move(late));
  }
}

void MetricTable::put(SeriesId id, size_t window, double value) {
  if (window >= window_limit_) return;
  if (window >= base_) {
    values(window)[series_[id].column] = value;
  } else {
    loaded_ = SIZE_MAX;
    late_levels_[late_key(window, series_[id].column)] = value;
  }
}

void MetricTable::detach(WindowAccumulator* accumulator) {
  accumulators_.erase(std::remove(accumulators_.begin(), accumulators_.end(), accumulator), accumulators_.end());
}

void MetricTable::close_through(double t) {
  for (WindowAccumulator* accumulator : accumulators_) accumulator->flush_before(t);
  while (closed_ < window_limit_ && static_cast<double>(closed_ + 1) <= t) {
    values(closed_);
    double* next = closed_ + 1 < window_limit_ ? values(closed_ + 1) : nullptr;
    double* closing = data_.data() + (closed_ - base_) * columns_;  // values() may have moved the data
    for (const auto& s : series_) {
      if (s.family->kind != MetricKind::kGauge) continue;
      const double now = gauge_now_[s.column];
      closing[s.column + 1] = now;
      if (next != nullptr) next[s.column] = std::max(next[s.column], now);  // the next window starts here
    }
    ++closed_;
  }
  if (closed_ >= base_ + 2 * kResidentClosed) spill_through(closed_ - kResidentClosed);
}

}  // namespace cachestorm::models
