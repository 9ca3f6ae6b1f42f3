// Spans of a run that the summary reports on their own, beside the whole run: summary.json's
// "windows.<name>" holds the same statistics (totals, ratios, quantiles, per-second SLO figures)
// computed over the span only, and replications give each an interval like any metric.
//
// Where they come from, in this order:
// - the scenario's own: "windows": [{"name", "from_s", "to_s"}];
// - derived from its faults: "incident", from the first fault's start to the last one's end plus
//   its recovery_s (a fault without duration_s lasts to the end of the run); with several faults
//   also "fault_<i>" for each. A scenario window named "incident" replaces the derived one;
// - the command line: --window [NAME=]FROM:TO (unnamed: "FROM_TO", a '.' written 'p').
// A span is rounded out to whole seconds ([59.5, 90) covers the seconds 59 to 89) and cut at the
// run's end; the warm-up does not apply to it. Text only.
#pragma once
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace cachestorm::analysis {

struct ReportWindow {
  std::string name;
  double from_s = 0.0;
  double to_s = 0.0;
  std::string origin;  // where it was defined, for messages: "windows[1]", "faults", "--window"
};

// The scenario's windows and those derived from its faults (see above).
std::vector<ReportWindow> scenario_windows(const nlohmann::json& resolved);

// Parses "--window [NAME=]FROM:TO" for a run of `duration_s`. Throws std::invalid_argument with
// the problem and what is valid.
ReportWindow parse_window_option(const std::string& text, double duration_s);

// `first` followed by `more`; throws std::invalid_argument if a name is given twice.
std::vector<ReportWindow> joined_windows(std::vector<ReportWindow> first, const std::vector<ReportWindow>& more);

// True if `name` may name a window: 1-64 of letters, digits, '_' and '-'.
bool valid_window_name(const std::string& name);

// The one-second windows [first, end) the span covers.
std::pair<size_t, size_t> seconds_of(const ReportWindow& window);

}  // namespace cachestorm::analysis
