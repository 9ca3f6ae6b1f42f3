// `cachestorm run SCENARIO.json`: reads and checks the scenario, simulates it once, writes
// scenario.json (as resolved), summary.json, timeseries.csv, events.jsonl and manifest.json to the
// output directory and prints a short human summary. With --replications N > 1 it runs N
// independent replications instead (cli/run_replicated.hpp).
// Returns an exit code from exit_codes.hpp.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cachestorm::cli {

struct RunOptions {
  std::string scenario_path;
  std::optional<int64_t> seed;           // overrides the scenario's "seed"
  std::optional<std::string> out_dir;    // default: results/<scenario name>/seed-<seed>
  bool quiet = false;                    // no summary on the terminal (and no progress, unless asked)
  std::string progress = "auto";         // cli/progress.hpp: auto, line, jsonl, none
  std::optional<uint64_t> memory_limit_mb;  // budget for the up-front estimate; default 90 % of MemAvailable
  std::vector<std::string> overrides;       // --set a.b.c=value, in order
  uint32_t replications = 1;                // > 1: independent replications with confidence intervals
  uint32_t jobs = 1;                        // replications run at once, each in its own process
  double warmup_s = 0.0;                    // statistics leave out the windows starting before this
  std::vector<std::string> assertions;      // --assert 'metric<value' (analysis/assertions.hpp)
  std::optional<double> hold_in;            // --hold-in: assertions judged on the share of replications
  std::vector<std::string> windows;         // --window [NAME=]FROM:TO (analysis/report_windows.hpp)
  std::optional<std::string> perf_out;   // where to write wall time and memory (used by bench)
  bool report = false;                      // also write report.html beside the results (cli/report_command.hpp)
  std::vector<std::string> command_line;
};

int run_command(const RunOptions& options);

// For the --seed validator: "" if `text` is a whole integer in [0, 2^63 - 1], else why not.
std::string check_seed_text(const std::string& text);

}  // namespace cachestorm::cli
