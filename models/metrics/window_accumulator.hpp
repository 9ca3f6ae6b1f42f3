// A component's records for the current one-second window, kept beside the component and handed
// to its MetricTable when a record falls in another window and before the table closes a window.
// A record then costs a time compare and an add into a small local array, instead of finding
// the window's row in the table: worth it for metrics recorded once or more per request.
//
// It is not a second place where metrics are declared: slots are made from the table's series,
// and what the table reports is exactly what sequential records would have given (a window's
// values are added to the table once, into an empty row, unless records for that window come
// back after another window's: then they are added twice, in two parts). Records at or past the
// horizon are dropped, like the table's. Counters (sums), peaks (maxima) and latency histograms.
// Not thread-safe; the table must outlive the accumulator.
#pragma once
#include <cstdint>
#include <limits>
#include <vector>

#include "models/metrics/metric_table.hpp"

namespace cachestorm::models {

class WindowAccumulator {
 public:
  explicit WindowAccumulator(MetricTable& table) : table_(table) { table_.attach(this); }
  ~WindowAccumulator() { table_.detach(this); }
  WindowAccumulator(const WindowAccumulator&) = delete;
  WindowAccumulator& operator=(const WindowAccumulator&) = delete;

  // A slot for a counter or peak series (add, peak), or for a latency series (observe).
  uint32_t slot(SeriesId id);

  void add(uint32_t slot, double t, double amount = 1.0) {
    if (!(t >= start_ && t < end_)) [[unlikely]] move_to(t);
    values_[slot] += amount;
  }
  // The slots' values in t's window, for several records at one instant: values_at(t)[slot] += x
  // is add(slot, t, x), with the window checked once. Valid until the next record at another time.
  double* values_at(double t) {
    if (!(t >= start_ && t < end_)) [[unlikely]] move_to(t);
    return values_.data();
  }
  void peak(uint32_t slot, double t, double value) {
    if (!(t >= start_ && t < end_)) [[unlikely]] move_to(t);
    if (value > values_[slot]) values_[slot] = value;
  }
  void observe(uint32_t slot, double t, double seconds) {
    if (!(t >= start_ && t < end_)) [[unlikely]] move_to(t);
    histograms_[slot].add(seconds);
  }
  // Hands the window's records to the table; the next record starts a window again.
  void flush();
  // Flushes if the records' window ends at or before t (the table is closing it).
  void flush_before(double t) {
    if (end_ <= t) flush();
  }

 private:
  void move_to(double t);
  void hand_over_one_by_one(double t);

  MetricTable& table_;
  std::vector<SeriesId> series_;            // by slot
  std::vector<double> values_;              // by slot (latency slots unused)
  std::vector<LatencyHistogram> histograms_;  // by slot (only latency slots used)
  size_t window_ = 0;
  // The records' window is [start_, end_) (past the horizon: [horizon, inf), dropped); none
  // (start_ > end_) at first and after a flush, so the next record moves to its window.
  double start_ = 0.0;
  double end_ = -1.0;
};

}  // namespace cachestorm::models
