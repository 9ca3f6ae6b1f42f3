// What every chart of a run's report shares (analysis/report_charts.cpp): the time axis, bucketed
// when long, and the marks drawn on every chart: the scenario's faults (intervals, or instants for
// a flush), the spans in which a circuit breaker was open, and the cache tier's state changes worth
// a rule. Built from the scenario and events.jsonl. Plain JSON building.
#pragma once
#include <cstddef>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/report_charts.hpp"

namespace cachestorm::analysis {

struct ReportContext {
  std::vector<double> times;  // the windows' start times
  size_t bucket = 1;          // windows per drawn point: ceil(windows / kMaxReportPoints)
  double end_s = 0.0;         // the run's end (faults without a duration last to it)
  nlohmann::json faults = nlohmann::json::array(), instants = nlohmann::json::array(),
                 changes = nlohmann::json::array(), breakers = nlohmann::json::array();
};

inline constexpr size_t kMaxReportPoints = 720;

ReportContext report_context(const ReportInput& input);

}  // namespace cachestorm::analysis
