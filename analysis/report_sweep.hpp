// The charts of sweep and plan results' reports (cachestorm report on a sweep or plan directory),
// as Vega-Lite specs with their data inline:
//  - sweep, one axis: the sizing curve of each key metric (client p99, hit ratio, error ratio,
//    origin queries and busy peak): the mean at each point with its 95 % interval as a band;
//  - sweep, two axes or more: a heat map of each key metric's mean over the first two axes (the
//    others, if any, averaged over: the subtitle says so);
//  - plan: per variant and assertion, every value judged (mean and interval, coloured by its
//    verdict), the SLO's bound as a rule, the answer marked.
// Plain JSON building, as report_charts.hpp.
#pragma once
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/report_charts.hpp"

namespace cachestorm::analysis {

std::vector<ReportChart> sweep_charts(const nlohmann::json& sweep);  // sweep.json
std::vector<ReportChart> plan_charts(const nlohmann::json& plan);    // plan.json

}  // namespace cachestorm::analysis
