// `cachestorm sweep`: one scenario over a design of points (run/sweep_design.hpp), each point run
// for the same replications on common random numbers (replication r of every point draws from the
// streams of (seed, r)), every point x replication one job in a single queue of --jobs processes.
// Finished replications are kept like a replicated run's (the same command resumes); the output
// is sweep.csv (tidy: point, the axes, metric, mean, sd, n, ci_low, ci_high, unit), sweep.json
// (the same, by point), points.json (each point's resolved scenario) and manifest.json. With
// --shard K/N only the points with index mod N = K run, into a directory of their own that
// `cachestorm merge` joins (cli/merge_command.hpp).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cachestorm::cli {

struct SweepOptions {
  std::string scenario_path;
  std::vector<std::string> axes;        // "PATH=SPEC" (run/sweep_design.hpp)
  std::string design = "grid";          // "grid" or "lhs"
  uint32_t points = 0;                  // lhs: how many
  std::vector<std::string> overrides;   // --set, before each point's axes
  std::optional<int64_t> seed;
  uint32_t replications = 5;
  uint32_t jobs = 1;
  double warmup_s = 0.0;
  std::vector<std::string> windows;     // --window, as for run
  std::optional<std::string> shard;     // "K/N"
  std::optional<std::string> out_dir;   // default: results/sweep-<name>/seed-<seed>[/shard-K-of-N]
  std::optional<uint64_t> memory_limit_mb;
  bool quiet = false;
  std::string progress = "auto";
  std::vector<std::string> command_line;
};

int sweep_command(const SweepOptions& options);

}  // namespace cachestorm::cli
