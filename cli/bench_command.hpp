// `cachestorm bench`: the speed benchmark. Runs each canonical scenario (scenarios/steady.json,
// scenarios/stampede.json, and steady_sharded.json: steady over 4 clients, 4 app instances and
// 4 cache nodes) in its own child process pinned to one CPU, and prints simulated
// requests per wall-second, events per request, peak RSS and model bytes per resident key. Speed is measured here,
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

// Refuses (exit 66, before measuring anything) if a scenario file is missing; exit 70 if a run
// fails, with no row printed for it.
int bench_command(const BenchOptions& options);

// The canonical scenarios, found beside the executable (build/../scenarios) when it runs from a
// build tree, else relative to the working directory.
std::vector<std::string> canonical_scenarios();

}  // namespace cachestorm::cli
