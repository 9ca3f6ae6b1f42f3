#include "models/metrics/metric_table.hpp"

#include "models/metrics/window_accumulator.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cachestorm::models {

MetricTable::MetricTable(double duration_s)
    : horizon_(duration_s), window_limit_(static_cast<size_t>(std::ceil(duration_s))) {}

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

double* MetricTable::values(size_t window) {
  if (window >= allocated_) {
    if (!recording_) {
      recording_ = true;
      gauge_now_.assign(columns_, 0.0);
    }
    allocated_ = std::max(window + 1, std::min(window_limit_, allocated_ * 2 + 8));
    data_.resize(allocated_ * columns_, 0.0);
    histograms_.resize(allocated_ * latency_series_);
  }
  return data_.data() + window * columns_;  // (no columns: an empty row, not data_[0])
}

LatencyHistogram& MetricTable::histogram(size_t window, uint32_t index) {
  values(window);
  auto& slot = histograms_[window * latency_series_ + index];
  if (!slot) slot = std::make_unique<LatencyHistogram>();
  return *slot;
}

void MetricTable::merge(SeriesId id, size_t window, const LatencyHistogram& histogram_to_add) {
  if (window >= window_limit_) return;
  histogram(window, series_[id].column).merge(histogram_to_add);
}

void MetricTable::detach(WindowAccumulator* accumulator) {
  accumulators_.erase(std::remove(accumulators_.begin(), accumulators_.end(), accumulator), accumulators_.end());
}

void MetricTable::close_through(double t) {
  for (WindowAccumulator* accumulator : accumulators_) accumulator->flush_before(t);
  while (closed_ < window_limit_ && static_cast<double>(closed_ + 1) <= t) {
    double* closing = values(closed_);
    double* next = closed_ + 1 < window_limit_ ? values(closed_ + 1) : nullptr;
    closing = data_.data() + closed_ * columns_;  // values() may have moved the data
    for (const auto& s : series_) {
      if (s.family->kind != MetricKind::kGauge) continue;
      const double now = gauge_now_[s.column];
      closing[s.column + 1] = now;
      if (next != nullptr) next[s.column] = std::max(next[s.column], now);  // the next window starts here
    }
    ++closed_;
  }
}

double MetricTable::value(size_t window, SeriesId id) const { return data_[window * columns_ + series_[id].column]; }

double MetricTable::gauge_end(size_t window, SeriesId id) const {
  return data_[window * columns_ + series_[id].column + 1];
}

const LatencyHistogram& MetricTable::latency(size_t window, SeriesId id) const {
  static const LatencyHistogram kEmpty;
  if (window >= allocated_) return kEmpty;
  const auto& slot = histograms_[window * latency_series_ + series_[id].column];
  return slot ? *slot : kEmpty;
}

SeriesId MetricTable::find(const std::string& name, const std::string& label_value) const {
  for (size_t i = 0; i < series_.size(); ++i)
    if (name == series_[i].family->name && label_value == series_[i].label_value) return static_cast<SeriesId>(i);
  throw std::out_of_range("no metric " + name + (label_value.empty() ? "" : "{" + label_value + "}"));
}

}  // namespace cachestorm::models
