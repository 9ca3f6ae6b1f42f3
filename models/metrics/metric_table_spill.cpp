// MetricTable's spilled windows: writing closed rows to the spill, and reading them back with
// the records that came for them later.
#include <cstring>
#include <stdexcept>

#include "models/metrics/metric_table.hpp"

namespace cachestorm::models {

// A window's record: its row of doubles, then each latency series' histogram (serialized).
void MetricTable::spill_through(size_t end) {
  if (end <= base_) return;
  const size_t windows = end - base_;
  std::string record;
  for (size_t r = 0; r < windows; ++r) {
    record.assign(reinterpret_cast<const char*>(data_.data() + r * columns_), columns_ * sizeof(double));
    static const LatencyHistogram kEmpty;
    for (uint32_t index = 0; index < latency_series_; ++index) {
      const auto& slot = histograms_[r * latency_series_ + index];
      (slot ? *slot : kEmpty).serialize(record);
    }
    const uint64_t position = spill_->append(record);
    if (spilled_at_.empty()) spilled_at_.push_back(position);
    spilled_at_.push_back(position + record.size());
  }
  data_.erase(data_.begin(), data_.begin() + static_cast<std::ptrdiff_t>(windows * columns_));
  histograms_.erase(histograms_.begin(), histograms_.begin() + static_cast<std::ptrdiff_t>(windows * latency_series_));
  base_ = end;
  resident_ -= windows;
}

void MetricTable::load(size_t window) const {
  if (loaded_ == window) return;
  loaded_ = SIZE_MAX;
  const uint64_t from = spilled_at_[window], to = spilled_at_[window + 1];
  loaded_bytes_.resize(static_cast<size_t>(to - from));
  spill_->read(from, loaded_bytes_.size(), loaded_bytes_.data());
  const char* in = loaded_bytes_.data();
  loaded_row_.resize(columns_);
  std::memcpy(loaded_row_.data(), in, columns_ * sizeof(double));
  in += columns_ * sizeof(double);
  loaded_histograms_.resize(latency_series_);
  for (auto& histogram : loaded_histograms_) in = histogram.deserialize(in);
  // The records that came after the window was spilled, in the order they came.
  const uint64_t first = late_key(window, 0), last = late_key(window + 1, 0);
  for (auto it = late_adds_.lower_bound(first); it != late_adds_.end() && it->first < last; ++it)
    for (const double amount : it->second) loaded_row_[it->first - first] += amount;
  for (auto it = late_peaks_.lower_bound(first); it != late_peaks_.end() && it->first < last; ++it)
    loaded_row_[it->first - first] = std::max(loaded_row_[it->first - first], it->second);
  for (auto it = late_levels_.lower_bound(first); it != late_levels_.end() && it->first < last; ++it)
    loaded_row_[it->first - first] = it->second;
  const uint64_t first_h = late_histogram_key(window, 0), last_h = late_histogram_key(window + 1, 0);
  for (auto it = late_histograms_.lower_bound(first_h); it != late_histograms_.end() && it->first < last_h; ++it) {
    LatencyHistogram& histogram = loaded_histograms_[it->first - first_h];
    for (const auto& late : it->second) {
      if (!late.merged.empty()) {
        LatencyHistogram merged;
        merged.deserialize(late.merged.data());
        histogram.merge(merged);
      } else {
        histogram.add(late.seconds);
      }
    }
  }
  loaded_ = window;
}

double MetricTable::value(size_t window, SeriesId id) const {
  if (window >= base_) return data_[(window - base_) * columns_ + series_[id].column];
  load(window);
  return loaded_row_[series_[id].column];
}

double MetricTable::gauge_end(size_t window, SeriesId id) const {
  if (window >= base_) return data_[(window - base_) * columns_ + series_[id].column + 1];
  load(window);
  return loaded_row_[series_[id].column + 1];
}

const LatencyHistogram& MetricTable::latency(size_t window, SeriesId id) const {
  static const LatencyHistogram kEmpty;
  if (window >= base_) {
    if (window - base_ >= resident_) return kEmpty;
    const auto& slot = histograms_[(window - base_) * latency_series_ + series_[id].column];
    return slot ? *slot : kEmpty;
  }
  load(window);
  return loaded_histograms_[series_[id].column];
}

SeriesId MetricTable::find(const std::string& name, const std::string& label_value) const {
  for (size_t i = 0; i < series_.size(); ++i)
    if (name == series_[i].family->name && label_value == series_[i].label_value) return static_cast<SeriesId>(i);
  throw std::out_of_range("no metric " + name + (label_value.empty() ? "" : "{" + label_value + "}"));
}

}  // namespace cachestorm::models
