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
//
// Memory does not grow with the duration: a window closed kResidentClosed windows ago leaves the
// table's rows for its WindowSpill (window_spill.hpp; in memory unless the run gives a file). A
// record that still arrives for it (an outcome filed under a send time long past) is kept aside,
// per window and series, and applied in its order when the window is read, so what is read is
// exactly what records into resident rows would have given. Reading a spilled window loads it
// whole: read window by window (every series of a window, then the next).
// Not thread-safe. Series must all be declared before the first record.
#pragma once
#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/metrics/latency_histogram.hpp"
#include "models/metrics/window_spill.hpp"

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
  // Closed windows kept as rows before they go to the spill.
  static constexpr size_t kResidentClosed = 32;

  // REQUIRES: duration_s > 0.
  explicit MetricTable(double duration_s);
  ~MetricTable();

  // Declares a series of `family` (kept by address: declare families with static storage).
  SeriesId series(const MetricFamily& family, std::string label_value = {});
  // Where spilled windows go (default: memory). REQUIRES: before the first record.
  void spill_to(std::unique_ptr<WindowSpill> spill);

  void add(SeriesId id, double t, double amount = 1.0) {
    if (t >= horizon_) return;
    const size_t window = window_of(t);
    if (window - base_ < resident_) [[likely]] {
      data_[(window - base_) * columns_ + series_[id].column] += amount;
      return;
    }
    add_outside(window, series_[id].column, amount);
  }
  // REQUIRES: a gauge; calls per series in non-decreasing t.
  void set(SeriesId id, double t, double value) {
    const uint32_t column = series_[id].column;
    const bool in_run = t < horizon_;  // past the horizon only the current value is kept
    const size_t window = in_run ? window_of(t) : base_;
    if (window - base_ >= resident_) [[unlikely]] {
      if (window < base_) {
        peak_outside(window, column, value);
        gauge_now_[column] = value;
        return;
      }
      values(window);  // allocates its row, and gauge_now_
    }
    if (in_run) {
      double& peak = data_[(window - base_) * columns_ + column];
      peak = std::max(peak, value);
    }
    gauge_now_[column] = value;
  }
  // REQUIRES: a latency series.
  void observe(SeriesId id, double t, double seconds) {
    if (t >= horizon_) return;
    const size_t window = window_of(t);
    if (window - base_ < resident_) [[likely]] {
      const auto& slot = histograms_[(window - base_) * latency_series_ + series_[id].column];
      if (slot) [[likely]] {
        slot->add(seconds);
        return;
      }
    }
    observe_outside(window, series_[id].column, seconds);
  }
  // For recording several series at one instant: the window's values by column (see column()),
  // or nullptr past the horizon. REQUIRES: t's window is not spilled (resident(t)).
  double* row(double t) {
    if (t >= horizon_) return nullptr;
    const size_t window = window_of(t);
    if (window - base_ < resident_) [[likely]] return data_.data() + (window - base_) * columns_;
    return values(window);
  }
  // Whether t's window is held as a row (else it was spilled, or lies past the horizon).
  bool resident(double t) const { return t < horizon_ && window_of(t) >= base_; }
  uint32_t column(SeriesId id) const { return series_[id].column; }
  void merge(SeriesId id, size_t window, const LatencyHistogram& histogram);
  // REQUIRES: a peak series.
  void peak(SeriesId id, double t, double value) {
    if (t >= horizon_) return;
    const size_t window = window_of(t);
    if (window - base_ < resident_) [[likely]] {
      double& current = data_[(window - base_) * columns_ + series_[id].column];
      if (value > current) current = value;
      return;
    }
    peak_outside(window, series_[id].column, value);
  }
  // REQUIRES: a level series.
  void put(SeriesId id, size_t window, double value);

  // Every window that ends at or before t is final (gauges take their end values); attached
  // accumulators hand over their records for those windows first. Spills windows closed long
  // enough ago.
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
  size_t spilled_windows() const { return base_; }
  const std::vector<MetricSeries>& all_series() const { return series_; }
  // Counter: the window's sum; gauge: its peak. REQUIRES: window < closed_windows().
  double value(size_t window, SeriesId id) const;
  // A gauge's value at the window's end.
  double gauge_end(size_t window, SeriesId id) const;
  // A latency series' histogram of one window (empty if nothing was observed). The reference
  // lasts until the next read of another spilled window.
  const LatencyHistogram& latency(size_t window, SeriesId id) const;
  // Finds a series by family name and label value; throws std::out_of_range if there is none.
  SeriesId find(const std::string& name, const std::string& label_value = {}) const;

 private:
  // A record for a spilled window: kept aside and applied, in order, when the window is read.
  struct LateHistogramRecord {
    std::string merged;  // a merge: the histogram, serialized (compact); empty: one observation
    double seconds = 0.0;
  };

  double* values(size_t window);
  LatencyHistogram& histogram(size_t window, uint32_t index);
  void add_outside(size_t window, uint32_t column, double amount);
  void peak_outside(size_t window, uint32_t column, double value);
  void observe_outside(size_t window, uint32_t index, double seconds);
  void spill_through(size_t end);
  void load(size_t window) const;  // a spilled window into loaded_row_ and loaded_histograms_
  uint64_t late_key(size_t window, uint32_t column) const { return static_cast<uint64_t>(window) * columns_ + column; }
  uint64_t late_histogram_key(size_t window, uint32_t index) const {
    return static_cast<uint64_t>(window) * latency_series_ + index;
  }

  double horizon_;
  size_t window_limit_;
  std::vector<MetricSeries> series_;
  uint32_t columns_ = 0;
  uint32_t latency_series_ = 0;
  // Resident windows are [base_, base_ + resident_): row r of data_ and histograms_ is window base_ + r.
  std::vector<double> data_;  // [r * columns_ + column]
  size_t base_ = 0;
  size_t resident_ = 0;
  std::vector<std::unique_ptr<LatencyHistogram>> histograms_;  // [r * latency_series_ + index]
  std::vector<double> gauge_now_;  // per column, for gauges: the current value
  size_t closed_ = 0;
  bool recording_ = false;
  std::vector<WindowAccumulator*> accumulators_;

  std::unique_ptr<WindowSpill> spill_;
  std::vector<uint64_t> spilled_at_;  // per spilled window: its record's position, and one past the last
  std::map<uint64_t, std::vector<double>> late_adds_;        // by late_key
  std::map<uint64_t, double> late_peaks_, late_levels_;      // by late_key
  std::map<uint64_t, std::vector<LateHistogramRecord>> late_histograms_;  // by late_histogram_key
  mutable size_t loaded_ = SIZE_MAX;  // the spilled window in loaded_row_
  mutable std::vector<double> loaded_row_;
  mutable std::vector<LatencyHistogram> loaded_histograms_;
  mutable std::string loaded_bytes_;
};

}  // namespace cachestorm::models
