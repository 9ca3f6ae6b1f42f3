#include "cli/sweep_cli.hpp"

#include "cli/run_command.hpp"

namespace cachestorm::cli {

CLI::App* add_sweep_command(CLI::App& app, SweepOptions& sweep) {
  auto* cmd = app.add_subcommand("sweep", "Run a scenario over a grid or Latin hypercube of values, with replications");
  cmd->add_option("scenario", sweep.scenario_path, "Scenario file")->required();
  cmd->add_option("--axis", sweep.axes,
                  "An axis, repeatable: PATH=v1,v2,... or PATH=lin:LOW:HIGH:N or PATH=log:LOW:HIGH:N\n"
                  "(e.g. --axis origin.connections=lin:24:48:7 --axis 'workload.key_classes[0].ttl_s=log:10:600:5')")
      ->required();
  cmd->add_option("--design", sweep.design, "grid (every combination) or lhs (Latin hypercube of --points)")
      ->check(CLI::IsMember({"grid", "lhs"}))
      ->capture_default_str();
  cmd->add_option("--points", sweep.points, "Points of a Latin hypercube")->check(CLI::Range(1u, 100000u));
  cmd->add_option("--set", sweep.overrides, "Override a value at every point (as for run)");
  cmd->add_option("--seed", sweep.seed, "Seed of every point (common random numbers)")
      ->check(CLI::Validator(check_seed_text, "in [0, 2^63-1]", "seed"));
  cmd->add_option("--replications", sweep.replications, "Replications per point")
      ->check(CLI::Range(2, 10000))
      ->capture_default_str();
  cmd->add_option("--jobs,-j", sweep.jobs, "Simulations at once (points and replications share the queue)")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--warmup", sweep.warmup_s, "Seconds left out of the statistics (as for run)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--window", sweep.windows, "A span reported on its own, [NAME=]FROM:TO (as for run)");
  cmd->add_option("--shard", sweep.shard, "K/N: run only the points whose index mod N is K (merge the N shards)");
  cmd->add_option("--out", sweep.out_dir, "Output directory (default: results/sweep-<name>/seed-<seed>[/shard-K-of-N])");
  cmd->add_option("--memory-limit-mb", sweep.memory_limit_mb, "Memory budget (as for run)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  cmd->add_flag("--quiet,-q", sweep.quiet, "Print nothing but errors");
  cmd->add_option("--progress", sweep.progress, "Progress on stderr (as for run)")
      ->check(CLI::IsMember({"auto", "line", "jsonl", "none"}))
      ->capture_default_str();
  return cmd;
}

CLI::App* add_merge_command(CLI::App& app, MergeOptions& merge) {
  auto* cmd = app.add_subcommand("merge", "Join the shards of a sweep (sweep --shard K/N) into the whole sweep's result");
  cmd->add_option("shards", merge.shard_dirs, "The shards' output directories")->required();
  cmd->add_option("--out", merge.out_dir, "Output directory (default: results/sweep-<name>/seed-<seed>)");
  cmd->add_flag("--quiet,-q", merge.quiet, "Print nothing but errors");
  return cmd;
}

CLI::App* add_plan_command(CLI::App& app, PlanOptions& plan) {
  auto* cmd = app.add_subcommand("plan", "Find the smallest (or largest) value of one axis at which every SLO holds");
  cmd->add_option("scenario", plan.scenario_path, "Scenario file")->required();
  cmd->add_option("--axis", plan.axis,
                  "PATH=LOW:HIGH, the range searched (integers: whole numbers, exactly; reals: to 1 %),\n"
                  "e.g. origin.connections=8:128")
      ->required();
  cmd->add_option("--assert", plan.assertions,
                  "An SLO every answer must meet (as for run; repeatable), e.g.\n"
                  "'windows.incident.latency_s.p99<0.2' 'windows.incident.requests.error_ratio<0.001'")
      ->required();
  cmd->add_option("--hold-in", plan.hold_in, "Judge each SLO on the share of replications meeting it (as for run)")
      ->check(CLI::Range(1e-9, 1.0));
  cmd->add_flag("--largest", plan.largest, "The largest value meeting the SLOs (a TTL, a load), not the smallest");
  cmd->add_option("--variant", plan.variants, "A variant searched too: 'NAME: a.b=1; c.d=2' (repeatable)");
  cmd->add_option("--set", plan.overrides, "Override a value in every variant (as for run)");
  cmd->add_option("--seed", plan.seed, "Seed (common random numbers across values and variants)")
      ->check(CLI::Validator(check_seed_text, "in [0, 2^63-1]", "seed"));
  cmd->add_option("--replications", plan.replications, "Replications judging a value at first")
      ->check(CLI::Range(2, 10000))
      ->capture_default_str();
  cmd->add_option("--max-replications", plan.max_replications,
                  "The budget: a value still undecided gets twice the replications, up to this")
      ->check(CLI::Range(2, 10000))
      ->capture_default_str();
  cmd->add_option("--jobs,-j", plan.jobs, "Replications run at once")->check(CLI::Range(1, 256));
  cmd->add_option("--warmup", plan.warmup_s, "Seconds left out of the statistics (as for run)")->check(CLI::NonNegativeNumber);
  cmd->add_option("--window", plan.windows, "A span reported on its own, [NAME=]FROM:TO (as for run)");
  cmd->add_option("--out", plan.out_dir, "Output directory (default: results/plan-<name>/seed-<seed>)");
  cmd->add_option("--memory-limit-mb", plan.memory_limit_mb, "Memory budget (as for run)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  cmd->add_flag("--quiet,-q", plan.quiet, "Print nothing but errors");
  return cmd;
}

}  // namespace cachestorm::cli
