// The report's charts as files for documents and wikis (cachestorm report --svg DIR, --markdown):
// each chart's Vega-Lite spec (DIR/<chart>.vl.json) rendered to DIR/<chart>.svg by vega's own
// renderer under node (analysis/report_web/export_svg.mjs, no browser), then to DIR/<chart>.png
// by rsvg-convert (white background); --markdown adds DIR/report.md: the report's text (verdicts,
// key figures, provenance) with those PNGs. Runs node and rsvg-convert as child processes.
#pragma once
#include <string>
#include <vector>

#include "analysis/report_charts.hpp"

namespace cachestorm::cli {

// Writes the files; throws std::runtime_error saying which step failed. REQUIRES: dir exists and
// holds none of the files; modules is the node_modules the libraries were installed into.
void export_charts(const std::vector<analysis::ReportChart>& charts, const std::string& dir, const std::string& modules);
void write_markdown(const analysis::ReportInput& input, const std::vector<analysis::ReportChart>& charts,
                    const std::string& dir);

}  // namespace cachestorm::cli
