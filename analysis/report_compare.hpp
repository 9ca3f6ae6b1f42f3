// The charts of a compare result's report (cachestorm report on a compare directory), as
// Vega-Lite specs with their data inline:
//  - each variant's value of the key metrics (client p99, hit ratio, origin queries and busy
//    peak, errors, client timeouts), the mean with its 95 % interval, one row per metric;
//  - the paired differences against the baseline, with their intervals (a zero rule: an
//    interval that excludes it is a difference the replications support);
//  - over time, every variant's mean client p99 and origin queries per second, with the
//    baseline's faults shaded.
// Plain JSON building, as report_charts.hpp.
#pragma once
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/report_charts.hpp"

namespace cachestorm::analysis {

struct CompareReportInput {
  nlohmann::json compare;    // compare.json
  nlohmann::json scenarios;  // scenarios.json: name -> the scenario as run
  nlohmann::json manifest;   // manifest.json
  std::vector<std::string> variants;      // in the manifest's order, baseline first
  std::map<std::string, ReportSeries> series;  // variant -> its replications' time series
};

std::vector<ReportChart> compare_charts(const CompareReportInput& input);
// Every variant's --assert verdicts in one array, each named "<variant>: <assertion>" (empty:
// none was given).
nlohmann::json compare_assertions(const CompareReportInput& input);
// The key metrics the charts and the page's table show (those compare.json has).
std::vector<std::string> compare_key_metrics(const nlohmann::json& compare);

}  // namespace cachestorm::analysis
