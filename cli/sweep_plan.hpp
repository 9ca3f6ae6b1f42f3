// What a sweep will run, decided and checked before anything is simulated: its axes and points,
// each point's scenario (the file, --set, then the point's axis values, validated like a run's),
// its --window spans and its identity (what the sweep's results depend on, hashed), and the files
// a finished sweep (or shard of one) publishes.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/report_windows.hpp"
#include "analysis/sweep_report.hpp"
#include "cli/file_content.hpp"
#include "cli/scenario_input.hpp"
#include "cli/sweep_command.hpp"
#include "run/sweep_design.hpp"

namespace cachestorm::cli {

// A point's scenario cannot run: its message names the point and the path; exit_code is the run's.
struct SweepRefusal : std::runtime_error {
  SweepRefusal(int code, const std::string& message) : std::runtime_error(message), exit_code(code) {}
  int exit_code;
};

struct SweepPlan {
  std::string base_name;
  int64_t seed = 0;
  uint32_t replications = 0;
  std::vector<run::SweepAxis> axes;
  std::vector<run::SweepPoint> points;
  std::vector<LoadedScenario> loaded;             // per point
  std::vector<analysis::ReportWindow> windows;    // --window
  nlohmann::json identity;                        // sweep_sha256, scenario, seed, design, axes, ...
};

// Throws std::invalid_argument (a command-line mistake: 64) or SweepRefusal.
SweepPlan plan_sweep(const SweepOptions& options);

// sweep.csv, sweep.json, points.json, shard.json and manifest.json of `results` (this shard's
// points, in order).
std::map<std::string, FileContent> sweep_files(const SweepPlan& plan, const std::vector<analysis::SweepPointResult>& results,
                                               uint32_t shard, uint32_t shards, const std::vector<std::string>& command_line);

}  // namespace cachestorm::cli
