// The sweep driver: runs the points of a sweep (run/sweep_plan.hpp) that belong to one shard,
// every point x replication one task of a single queue of `jobs` processes, with the
// replications kept in a store beside the output (an interrupted sweep resumes), and publishes
// sweep.csv, sweep.json, points.json, shard.json and manifest.json. Replication r of every point
// draws from the streams of (seed, r): points compare on common random numbers. Prints nothing
// (a failing child replication writes its reason to stderr, run/replications.hpp).
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "analysis/sweep_report.hpp"
#include "run/driver_hooks.hpp"
#include "run/sweep_plan.hpp"

namespace cachestorm::run {

struct SweepOutcome {
  SweepPlan plan;
  uint32_t shard = 0, shards = 1;
  std::vector<analysis::SweepPointResult> results;  // this shard's points, in order
  std::string out_dir;                              // where the files went
};

// "K/N" -> {K, N}; throws std::invalid_argument.
std::pair<uint32_t, uint32_t> parse_shard(const std::string& text);

// Throws std::invalid_argument (a command-line mistake: kExitUsage) or Failure (a point's scenario
// refused, the output not writable, a replication interrupted or failed); then nothing is published.
SweepOutcome sweep(const SweepOptions& options, const DriverHooks& hooks);

}  // namespace cachestorm::run
