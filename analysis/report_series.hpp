// The per-window values of a result's timeseries.csv, as a report reads them: one value per
// (metric, label, replication, window). A run has replication 0 only; a replicated run has one
// per replication (its timeseries.csv has a leading `replication` column). Plain data: the caller
// reads the file and adds its rows (cli/report_command.cpp), then calls finish().
// Not the metric table itself: no units, no kinds; a report only draws what the file holds.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cachestorm::analysis {

class ReportSeries {
 public:
  // A row of the file. REQUIRES: before finish().
  void add(uint32_t replication, double t_s, const std::string& metric, const std::string& label, double value);
  // Indexes the rows by window. REQUIRES: called once, after the last add().
  void finish();

  bool has(const std::string& metric) const { return values_.count(metric) != 0; }
  // The labels the metric has ("" for an unlabelled one), in the file's order of first sight.
  std::vector<std::string> labels(const std::string& metric) const;
  // [replication][window]: the metric summed over its labels, or only `label` if given
  // (0 where the file has no row).
  std::vector<std::vector<double>> per_replication(const std::string& metric, const std::string* label = nullptr) const;
  // The windows' start times, ascending.
  const std::vector<double>& times() const { return times_; }
  uint32_t replications() const { return replications_; }

 private:
  struct Row {
    uint32_t replication;
    double t_s;
    std::string metric, label;
    double value;
  };
  std::vector<Row> rows_;
  std::vector<double> times_;
  uint32_t replications_ = 0;
  // metric -> label -> [replication][window]
  std::map<std::string, std::map<std::string, std::vector<std::vector<double>>>> values_;
  std::map<std::string, std::vector<std::string>> label_order_;
};

}  // namespace cachestorm::analysis
