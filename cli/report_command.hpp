// `cachestorm report RESULT_DIR -o report.html`: the capacity-planning report of a run, a
// replicated run, a compare, a sweep or a plan as one self-contained HTML page
// (analysis/report_html.hpp), and `run --report`'s report.html beside the results. Reads a run's
// summary.json, scenario.json, manifest.json, timeseries.csv and events.jsonl (a compare's
// compare.json, scenarios.json and time series; a sweep's sweep.json; a plan's plan.json); inlines the chart libraries' bundles from the
// npm packages scripts/bootstrap.sh installs (analysis/report_web/node_modules; the
// CACHESTORM_WEB_DIR environment variable names another node_modules). --specs DIR also writes
// each chart's Vega-Lite spec as DIR/<chart>.vl.json (the golden specs' test compares those);
// --svg DIR each chart as SVG and PNG, and --markdown a report.md with them (cli/report_export.hpp),
// in a new directory made whole or not at all.
// Exit codes: 0 written; 64 bad command line; 66 a result file or a bundle cannot be read;
// 73 the output exists or cannot be written (nothing is replaced).
#pragma once
#include <string>

namespace cachestorm::cli {

struct ReportOptions {
  std::string result_dir;
  std::string output;     // the HTML file to create
  std::string specs_dir;  // empty: no spec files
  std::string svg_dir;    // empty: no SVG/PNG export (cli/report_export.hpp); else a new directory
  bool markdown = false;  // with svg_dir: also svg_dir/report.md
};

int report_command(const ReportOptions& options);
// Writes result_dir/report.html (run --report). Returns an exit code as above.
int write_report_beside(const std::string& result_dir);
// Why the chart libraries' bundles cannot be read, or "" when they can.
std::string report_scripts_missing();

}  // namespace cachestorm::cli
