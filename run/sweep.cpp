#include "run/sweep.hpp"

#include <optional>
#include <stdexcept>

#include "analysis/replication_report.hpp"
#include "run/exit_codes.hpp"
#include "run/output_dir.hpp"

namespace cachestorm::run {
namespace {

// Runs the points `mine`, every point x replication one task of a single queue, and gathers each
// point's statistics. Throws Failure if one did not complete.
std::vector<analysis::SweepPointResult> run_points(const SweepPlan& plan, const std::vector<size_t>& mine,
                                                   const SweepOptions& options, const ResultDir& out,
                                                   const ReplicationStore& store, const DriverHooks& hooks) {
  std::vector<ReplicationTask> tasks;
  for (const size_t p : mine) {
    RunControl control;
    control.should_stop = [&hooks] { return hooks.stop_requested(); };
    control.max_in_flight = plan.loaded[p].in_flight_limit;
    control.warmup_s = options.warmup_s;
    control.spill_dir = out.scratch_dir();
    control.windows = plan.windows;
    for (uint32_t r = 0; r < plan.replications; ++r)
      tasks.push_back({&plan.loaded[p].scenario, r, static_cast<uint32_t>(p * plan.replications + r), control});
  }
  if (hooks.on_batch_start)
    hooks.on_batch_start("", static_cast<uint32_t>(tasks.size()), plan.loaded.front().scenario.duration_s);
  const auto outcomes = run_tasks(tasks, options.jobs, store, [&hooks] { return hooks.stop_requested(); },
                                  hooks.on_progress);
  if (hooks.on_batch_end) hooks.on_batch_end();
  std::vector<analysis::SweepPointResult> results;
  for (size_t i = 0; i < mine.size(); ++i) {
    const ReplicationResults point = gather(outcomes, tasks, i * plan.replications, plan.replications);
    if (point.failed || point.status != "complete")
      throw Failure(incomplete_exit_code(point),
                    "point " + std::to_string(mine[i]) + " did not complete (" + point.status + "); nothing written" +
                        (point.status == "interrupted" ? " (finished replications are kept: the same command resumes)" : ""));
    results.push_back({mine[i], plan.points[mine[i]].values, analysis::replication_summary_json(point.summaries)["metrics"]});
  }
  return results;
}

}  // namespace

std::pair<uint32_t, uint32_t> parse_shard(const std::string& text) {
  const size_t slash = text.find('/');
  try {
    if (slash != std::string::npos) {
      size_t used_k = 0, used_n = 0;
      const unsigned long k = std::stoul(text.substr(0, slash), &used_k);
      const unsigned long n = std::stoul(text.substr(slash + 1), &used_n);
      if (used_k == slash && used_n == text.size() - slash - 1 && n >= 1 && n <= 100000 && k < n)
        return {static_cast<uint32_t>(k), static_cast<uint32_t>(n)};
    }
  } catch (const std::exception&) {
  }
  throw std::invalid_argument("--shard " + text + ": write K/N with 0 <= K < N (e.g. 0/4 for the first of four)");
}

SweepOutcome sweep(const SweepOptions& options, const DriverHooks& hooks) {
  SweepOutcome outcome;
  if (options.shard) std::tie(outcome.shard, outcome.shards) = parse_shard(*options.shard);
  outcome.plan = plan_sweep(options);
  const SweepPlan& plan = outcome.plan;
  std::vector<size_t> mine;
  for (size_t p = 0; p < plan.loaded.size(); ++p)
    if (p % outcome.shards == outcome.shard) mine.push_back(p);
  outcome.out_dir = options.out_dir.value_or("results/sweep-" + plan.base_name + "/seed-" + std::to_string(plan.seed));
  if (!options.out_dir && options.shard)
    outcome.out_dir += "/shard-" + std::to_string(outcome.shard) + "-of-" + std::to_string(outcome.shards);
  std::optional<ResultDir> out;
  std::optional<ReplicationStore> store;
  try {
    out = ResultDir::prepare(outcome.out_dir);
    store = ReplicationStore::open(out->target(), ".sweep", plan.identity.dump() + std::to_string(outcome.shard) + "/" +
                                                               std::to_string(outcome.shards));
  } catch (const OutputError& error) {
    throw Failure(kExitCannotWrite, error.what());
  }
  outcome.results = run_points(plan, mine, options, *out, *store, hooks);
  try {
    out->publish(sweep_files(plan, outcome.results, outcome.shard, outcome.shards, options.command_line));
  } catch (const OutputError& error) {
    throw Failure(kExitCannotWrite, error.what());
  }
  store->discard();
  return outcome;
}

}  // namespace cachestorm::run
