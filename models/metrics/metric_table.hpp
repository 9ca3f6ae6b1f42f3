// Metrics declared once, recorded per one-second window. A model declares each metric family as
// a constant (name, unit, help, kind, label name, what time it is filed by) next to the code that
// records it, asks the table for a series per label value (shard "2", app "0") when it is built,
// and records into the series by event time. The collector and the report read families and
// series from the table, so a model adds a metric without editing either; results/README.md is
// checked against the families a plane declares.
//
// Window w covers [w, w + 1) s; records at or after the run's duration are dropped (they lie past
// the horizon). Counters sum amounts; gauges keep the window's peak and its value at the window's
// end (set them in processing order); latency series keep a histogram per window.
// Not thread-safe. Series must all be declared before the first record.
#pragma once
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/metrics/latency_histogram.hpp"

namespace cachestorm::models {

class WindowAccumulator;

// kLevel: one value per window, put by its owner when the window is final (e.g. requests in
// flight at the window's end, computed exactly after the fact).
// kPeak: the largest value recorded in the window (no carry-over between windows).
enum class MetricKind : uint8_t { kCounter, kGauge, kLevel, kPeak, kLatency };

struct MetricFamily {
  const char* name;      // snake_case; the timeseries' metric column
  const char* unit;      // "count", "s", "connections", ...
  const char* help;      // one line for results/README.md
  MetricKind kind;
  const char* label;     // "" (one series), or the label its series differ by: "shard", "app"
  const char* filed_by;  // which time a record is filed under: "event time", "send time", ...
};

using SeriesId = uint32_t;

struct MetricSeries {
  const MetricFamily* family;
  std::string label_value;  // empty for an unlabelled family
  uint32_t column;          // counters and gauges: where the window's values are; latency: its index
};

class MetricTable {
 public:
  // REQUIRES: duration_s > 0.
  explicit MetricTable(double duration_s);

  // Declares a series of `family` (kept by address: declare families with static storage).
  SeriesId series(const MetricFamily& family, std::string label_value = {});

  void add(SeriesId id, double t, double amount = 1.0) {
    if (t >= horizon_) return;
    slot(window_of(t), series_[id].column) += amount;
  }
  // REQUIRES: a gauge; calls per series in non-decreasing t.
  void set(SeriesId id, double t, double value) {
    const uint32_t column = series_[id].column;
    const bool in_run = t < horizon_;  // past the horizon only the current value is kept
    const size_t window = in_run ? window_of(t) : 0;
    if (window >= allocated_) [[unlikely]] values(window);  // allocates its row, and gauge_now_
    if (in_run) {
      double& peak = data_[window * columns_ + column];
      peak = std::max(peak, value);
    }
    gauge_now_[column] = value;
  }
  // REQUIRES: a latency series.
  void observe(SeriesId id, double t, double seconds) {
    if (t >= horizon_) return;
    const size_t window = window_of(t);
    if (window < allocated_) [[likely]] {
      const auto& slot = histograms_[window * latency_series_ + series_[id].column];
      if (slot) [[likely]] {
        slot->add(seconds);
        return;
      }
    }
    histogram(window, series_[id].column).add(seconds);
  }
  // For recording several series at one instant: the window's values by column (see column()),
  // or nullptr past the horizon.
  double* row(double t) {
    if (t >= horizon_) return nullptr;
    const size_t window = window_of(t);
    if (window < allocated_) [[likely]] return data_.data() + window * columns_;
    return values(window);
  }
  uint32_t column(SeriesId id) const { return series_[id].column; }
  void merge(SeriesId id, size_t window, const LatencyHistogram& histogram);
  // REQUIRES: a peak series.
  void peak(SeriesId id, double t, double value) {
    if (t >= horizon_) return;
    double& current = slot(window_of(t), series_[id].column);
    if (value > current) current = value;
  }
  // REQUIRES: a level series.
  void put(SeriesId id, size_t window, double value) {
    if (window < window_limit_) values(window)[series_[id].column] = value;
  }

  // Every window that ends at or before t is final (gauges take their end values); attached
  // accumulators hand over their records for those windows first.
  void close_through(double t);
  // Accumulators (models/metrics/window_accumulator.hpp) attach themselves while they live.
  void attach(WindowAccumulator* accumulator) { accumulators_.push_back(accumulator); }
  void detach(WindowAccumulator* accumulator);

  // The window a time falls in (times <= 0 in window 0). Through int64_t: one instruction, where
  // a double to size_t conversion takes several.
  static size_t window_of(double t) { return t <= 0.0 ? 0 : static_cast<size_t>(static_cast<int64_t>(t)); }
  size_t window_limit() const { return window_limit_; }
  double horizon() const { return horizon_; }
  size_t closed_windows() const { return closed_; }
  const std::vector<MetricSeries>& all_series() const { return series_; }
  // Counter: the window's sum; gauge: its peak. REQUIRES: window < closed_windows().
  double value(size_t window, SeriesId id) const;
  // A gauge's value at the window's end.
  double gauge_end(size_t window, SeriesId id) const;
  // A latency series' histogram of one window (empty if nothing was observed).
  const LatencyHistogram& latency(size_t window, SeriesId id) const;
  // Finds a series by family name and label value; throws std::out_of_range if there is none.
  SeriesId find(const std::string& name, const std::string& label_value = {}) const;

 private:
  double& slot(size_t window, uint32_t column) {
    if (window < allocated_) [[likely]] return data_[window * columns_ + column];
    return values(window)[column];
  }
  double* values(size_t window);
  LatencyHistogram& histogram(size_t window, uint32_t index);

  double horizon_;
  size_t window_limit_;
  std::vector<MetricSeries> series_;
  uint32_t columns_ = 0;
  uint32_t latency_series_ = 0;
  std::vector<double> data_;  // [window * columns_ + column]
  size_t allocated_ = 0;      // windows in data_
  std::vector<std::unique_ptr<LatencyHistogram>> histograms_;  // [window * latency_series_ + index]
  std::vector<double> gauge_now_;  // per column, for gauges: the current value
  size_t closed_ = 0;
  bool recording_ = false;
  std::vector<WindowAccumulator*> accumulators_;
};

}  // namespace cachestorm::models
