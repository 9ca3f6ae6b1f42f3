// What a sweep will run, decided and checked before anything is simulated: its axes and points,
// each point's scenario (the file, --set, then the point's axis values, validated like a run's),
// its --window spans and its identity (what the sweep's results depend on, hashed), and the files
// a finished sweep (or shard of one) publishes.
#pragma once
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "analysis/report_windows.hpp"
#include "analysis/sweep_report.hpp"
#include "run/exit_codes.hpp"
#include "run/file_content.hpp"
#include "run/scenario_input.hpp"
#include "run/sweep_design.hpp"

namespace cachestorm::run {

// A sweep as the command line describes it.
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

// Throws std::invalid_argument (a command-line mistake: 64) or Failure.
SweepPlan plan_sweep(const SweepOptions& options);

// sweep.csv, sweep.json, points.json, shard.json and manifest.json of `results` (this shard's
// points, in order).
std::map<std::string, FileContent> sweep_files(const SweepPlan& plan, const std::vector<analysis::SweepPointResult>& results,
                                               uint32_t shard, uint32_t shards, const std::vector<std::string>& command_line);

}  // namespace cachestorm::run
