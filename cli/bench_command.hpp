// `cachestorm bench`: the speed benchmark. Runs each canonical scenario (scenarios/steady.json,
// scenarios/stampede.json) in its own child process pinned to one CPU, and prints simulated
// requests per wall-second, peak RSS and model bytes per resident key. Speed is measured here,
// never in tests.
#pragma once
#include <string>
#include <vector>

namespace cachestorm::cli {

struct BenchOptions {
  std::string self_path;                // this executable, to run children
  std::vector<std::string> scenarios;   // scenario files to measure
  int repeats = 1;                      // runs per scenario; the fastest counts
};

int bench_command(const BenchOptions& options);

}  // namespace cachestorm::cli
