// Run totals read from a MetricTable over the measured windows (the closed windows after the
// warm-up): sums, peaks and merged latency histograms of series found by family name and label.
// A family the run did not declare reads as zero (or an empty histogram), so a summary has the
// same keys whatever the scenario.
#pragma once
#include <map>
#include <string>

#include "models/metrics/metric_table.hpp"

namespace cachestorm::analysis {

class TableTotals {
 public:
  TableTotals(const models::MetricTable& table, double warmup_s);

  // Sum of one series (counter or level) over the measured windows.
  double sum(const std::string& name, const std::string& label = {}) const;
  // Sum over every series of the family, whatever their labels.
  double sum_labels(const std::string& name) const;
  // Each label value of the family with its series' sum, in label order.
  std::map<std::string, double> by_label(const std::string& name) const;
  // Largest window value of a peak or gauge series.
  double peak(const std::string& name, const std::string& label = {}) const;
  models::LatencyHistogram latency(const std::string& name, const std::string& label = {}) const;
  double measured_seconds() const;

 private:
  // The series of `name` with `label`, if the run declared it.
  const models::SeriesId* find(const std::string& name, const std::string& label) const;
  double sum_of(models::SeriesId id) const;

  const models::MetricTable& table_;
  size_t first_;  // first measured window
  std::map<std::string, std::map<std::string, models::SeriesId>> index_;  // family name -> label -> series
};

}  // namespace cachestorm::analysis
