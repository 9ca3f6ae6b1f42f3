// `cachestorm sweep` (the driver is run/sweep.hpp; this parses and prints): one scenario over a design of points (run/sweep_design.hpp), each point run
// for the same replications on common random numbers (replication r of every point draws from the
// streams of (seed, r)), every point x replication one job in a single queue of --jobs processes.
// Finished replications are kept like a replicated run's (the same command resumes); the output
// is sweep.csv (tidy: point, the axes, metric, mean, sd, n, ci_low, ci_high, unit), sweep.json
// (the same, by point), points.json (each point's resolved scenario) and manifest.json. With
// --shard K/N only the points with index mod N = K run, into a directory of their own that
// `cachestorm merge` joins (cli/merge_command.hpp).
#pragma once
#include "run/sweep.hpp"

namespace cachestorm::cli {

using run::SweepOptions;

int sweep_command(const SweepOptions& options);

}  // namespace cachestorm::cli
