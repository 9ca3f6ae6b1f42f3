// The replicated half of `cachestorm run` (--replications N > 1): runs the replications
// (run/replications.hpp) with their store beside the output directory, so an interrupted run
// keeps every finished replication and the same command run again resumes from them; writes
// summary.json and summary.csv (each metric's mean, sd, n and 95 % interval), replications.csv,
// timeseries.csv and events.jsonl with a replication column, scenario.json and manifest.json;
// prints each headline metric's interval. Returns an exit code from exit_codes.hpp.
#pragma once
#include "analysis/report_windows.hpp"
#include <functional>
#include <string>
#include <vector>

#include "analysis/run_report.hpp"
#include "cli/assertion_report.hpp"
#include "cli/progress.hpp"
#include "cli/run_command.hpp"
#include "run/output_dir.hpp"
#include "run/scenario_input.hpp"

namespace cachestorm::cli {

struct ReplicatedRun {
  const RunOptions& options;
  const run::LoadedScenario& loaded;
  const run::ResultDir& out;
  std::string out_dir;  // as the user named it
  std::vector<Assertion> assertions;
  std::function<bool()> should_stop;
  ProgressMode progress;
  std::vector<analysis::ReportWindow> windows;  // --window spans
};

int run_replicated(const ReplicatedRun& run);

analysis::Provenance provenance_of(const RunOptions& options, const models::Scenario& scenario);

}  // namespace cachestorm::cli
