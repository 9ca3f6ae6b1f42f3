// Run totals read from a MetricTable over a span of closed windows (by default the measured
// windows: those after the warm-up): sums, peaks and merged latency histograms of series found by
// family name and label, computed in one pass over the windows (a spilled window is read once).
// A family the run did not declare reads as zero (or an empty histogram), so a summary has the
// same keys whatever the scenario.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "models/metrics/metric_table.hpp"

namespace cachestorm::analysis {

class TableTotals {
 public:
  // The windows starting at or after warmup_s.
  TableTotals(const models::MetricTable& table, double warmup_s);
  // The windows [first, end) of those closed. REQUIRES: first <= end.
  TableTotals(const models::MetricTable& table, size_t first, size_t end);

  // Sum of one series (counter or level) over the windows.
  double sum(const std::string& name, const std::string& label = {}) const;
  // Sum over every series of the family, whatever their labels.
  double sum_labels(const std::string& name) const;
  // Each label value of the family with its series' sum, in label order.
  std::map<std::string, double> by_label(const std::string& name) const;
  // Largest window value of a peak or gauge series (0 if none).
  double peak(const std::string& name, const std::string& label = {}) const;
  models::LatencyHistogram latency(const std::string& name, const std::string& label = {}) const;
  // The p99 of each window with a sample, in window order, of an unlabelled latency series
  // (empty for any other).
  const std::vector<double>& per_second_p99(const std::string& name) const;
  // Seconds the windows cover within the run's horizon.
  double measured_seconds() const;
  size_t first_window() const { return first_; }
  size_t end_window() const { return end_; }

 private:
  // The series of `name` with `label`, if the run declared it.
  const models::SeriesId* find(const std::string& name, const std::string& label) const;

  const models::MetricTable& table_;
  size_t first_, end_;  // windows [first_, end_)
  std::map<std::string, std::map<std::string, models::SeriesId>> index_;  // family name -> label -> series
  std::vector<double> sums_, peaks_;                 // by series
  std::vector<models::LatencyHistogram> histograms_;  // by series (latency series only)
  std::vector<std::vector<double>> p99s_;             // by series (unlabelled latency series only)
};

}  // namespace cachestorm::analysis
