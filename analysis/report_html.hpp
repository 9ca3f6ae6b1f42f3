// A report as one self-contained HTML page: the chart libraries' browser bundles inlined, the
// charts' Vega-Lite specs with their data inline, and nothing fetched (no external script, style,
// font or image; the embed shows no links). Top to bottom: what was run, the verdicts of the
// --assert checks (or that there were none), the key figures, the charts (report_charts.hpp), the
// scenario as run, and the provenance (version, commit, seed, command line). When every chart has
// rendered the page sets data-rendered on <body> to their number; a chart that fails sets
// data-failed and logs the error to the console. Plain string building.
#pragma once
#include <string>
#include <vector>

#include "analysis/report_charts.hpp"
#include "analysis/report_compare.hpp"

namespace cachestorm::analysis {

// The minified browser bundles of vega, vega-lite and vega-embed.
struct ReportScripts {
  std::string vega, vega_lite, vega_embed;
};

std::string report_html(const ReportInput& input, const std::vector<ReportChart>& charts, const ReportScripts& scripts);
// A compare result's page: the verdicts per variant, each variant's key figures with their
// intervals, then the charts of report_compare.hpp; the scenario shown is the baseline's.
std::string compare_html(const CompareReportInput& input, const std::vector<ReportChart>& charts,
                         const ReportScripts& scripts);
// A sweep's page (sweep.json, its manifest): how many points over which axes, then the sizing
// curves or heat maps of report_sweep.hpp.
std::string sweep_html(const nlohmann::json& sweep, const nlohmann::json& manifest,
                       const std::vector<ReportChart>& charts, const ReportScripts& scripts);
// A plan's page (plan.json, its manifest): each variant's outcome, answer and headroom, then the
// values judged on the way (report_sweep.hpp).
// A vulnerability map's page (map.json): the table of cells, then the chart.
std::string map_html(const nlohmann::json& map, const nlohmann::json& manifest, const std::vector<ReportChart>& charts,
                     const ReportScripts& scripts);
std::string plan_html(const nlohmann::json& plan, const nlohmann::json& manifest,
                      const std::vector<ReportChart>& charts, const ReportScripts& scripts);

}  // namespace cachestorm::analysis
