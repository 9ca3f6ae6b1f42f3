// `cachestorm plan`: the smallest (or, with --largest, the largest) value of one axis at which
// every --assert holds, for each variant (compare's --variant syntax), by the search of
// run/plan_search.hpp. A value is judged on its replications: met when every assertion's 95 %
// interval clears its bound (or, with --hold-in P, the share of replications meeting it is
// proved at least P), broken when one's interval lies wholly beyond it (or its share is proved
// below P), undecided otherwise, and then judged again with more replications up to
// --max-replications. Replication r of every value and variant draws from the streams of
// (seed, r): values compare on common random numbers. Finished replications are kept beside the
// output (the same command resumes). Writes plan.json (per variant: the outcome, the answer, the
// values judged with their evidence, the headroom) and plan.csv (tidy evidence).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cachestorm::cli {

struct PlanOptions {
  std::string scenario_path;
  std::string axis;                     // "PATH=LOW:HIGH"
  std::vector<std::string> assertions;  // at least one
  std::optional<double> hold_in;
  bool largest = false;
  std::vector<std::string> variants;    // "NAME: a=1; b=2"
  std::vector<std::string> overrides;
  std::optional<int64_t> seed;
  uint32_t replications = 10;
  uint32_t max_replications = 40;
  uint32_t jobs = 1;
  double warmup_s = 0.0;
  std::vector<std::string> windows;
  std::optional<std::string> out_dir;   // default: results/plan-<name>/seed-<seed>
  std::optional<uint64_t> memory_limit_mb;
  bool quiet = false;
  std::vector<std::string> command_line;
};

int plan_command(const PlanOptions& options);

}  // namespace cachestorm::cli
