#include "cli/sweep_command.hpp"

#include <csignal>
#include <cstdio>
#include <stdexcept>

#include "analysis/replication_report.hpp"
#include "analysis/report_windows.hpp"
#include "analysis/sweep_report.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output_dir.hpp"
#include "cli/progress.hpp"
#include "cli/replications.hpp"
#include "cli/scenario_input.hpp"
#include "cli/sweep_plan.hpp"
#include "run/sweep_design.hpp"
#include "sim/build_info.hpp"
#include "sim/sha256.hpp"

namespace cachestorm::cli {
namespace {

volatile std::sig_atomic_t g_stop = 0;
extern "C" void stop_sweep(int) { g_stop = 1; }

// "K/N" -> {K, N}; throws std::invalid_argument.
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

void print_sweep(const SweepPlan& plan, const std::vector<analysis::SweepPointResult>& results, const std::string& out_dir) {
  std::printf("cachestorm: sweep of %s, %zu points x %u replications on common random numbers\n",
              plan.base_name.c_str(), results.size(), plan.replications);
  const bool incident = !results.empty() && results.front().metrics.contains("windows.incident.latency_s.p99");
  const std::string p99 = incident ? "windows.incident.latency_s.p99" : "latency_s.p99";
  const std::string errors = incident ? "windows.incident.requests.error_ratio" : "requests.error_ratio";
  std::printf("  %-6s %-40s %-24s %s\n", "point", "values", (p99 + " (s)").c_str(), errors.c_str());
  for (const auto& result : results) {
    std::string values;
    for (size_t a = 0; a < plan.axes.size(); ++a) values += (a ? " " : "") + plan.axes[a].path + "=" + result.values[a].dump();
    const auto show = [&result](const std::string& name) {
      if (!result.metrics.contains(name) || !result.metrics[name]["mean"].is_number()) return std::string("-");
      const auto& m = result.metrics[name];
      char text[96];
      std::snprintf(text, sizeof text, "%.4g [%.4g, %.4g]", m["mean"].get<double>(), m["ci_low"].get<double>(),
                    m["ci_high"].get<double>());
      return std::string(text);
    };
    std::printf("  %-6zu %-40s %-24s %s\n", result.point, values.c_str(), show(p99).c_str(), show(errors).c_str());
  }
  std::printf("  results: %s/{sweep.csv,sweep.json,points.json,shard.json,manifest.json}\n", out_dir.c_str());
}

// Runs this shard's points, every point x replication one task of a single queue, and gathers
// each point's statistics; empty (the reason printed, `code` set) if one did not complete.
std::optional<std::vector<analysis::SweepPointResult>> run_points(const SweepPlan& plan, const std::vector<size_t>& mine,
                                                                  const SweepOptions& options, const ResultDir& out,
                                                                  const ReplicationStore& store, int& code) {
  std::vector<ReplicationTask> tasks;
  for (const size_t p : mine) {
    run::RunControl control;
    control.should_stop = [] { return g_stop != 0; };
    control.max_in_flight = plan.loaded[p].in_flight_limit;
    control.warmup_s = options.warmup_s;
    control.spill_dir = out.scratch_dir();
    control.windows = plan.windows;
    for (uint32_t r = 0; r < plan.replications; ++r)
      tasks.push_back({&plan.loaded[p].scenario, r, static_cast<uint32_t>(p * plan.replications + r), control});
  }
  ProgressReport progress(progress_mode(options.progress, options.quiet), static_cast<uint32_t>(tasks.size()),
                          plan.loaded.front().scenario.duration_s);
  const auto outcomes = run_tasks(tasks, options.jobs, store, [] { return g_stop != 0; },
                                  [&progress](const ReplicationProgress& p) { progress.update(p.done, p.resumed, p.running_simulated_s); });
  progress.finish();
  std::vector<analysis::SweepPointResult> results;
  for (size_t i = 0; i < mine.size(); ++i) {
    const ReplicationResults point = gather(outcomes, tasks, i * plan.replications, plan.replications);
    if (point.failed || point.status != "complete") {
      std::fprintf(stderr, "cachestorm: point %zu did not complete (%s); nothing written%s\n", mine[i],
                   point.status.c_str(),
                   point.status == "interrupted" ? " (finished replications are kept: the same command resumes)" : "");
      code = incomplete_exit_code(point);
      return std::nullopt;
    }
    results.push_back({mine[i], plan.points[mine[i]].values, analysis::replication_summary_json(point.summaries)["metrics"]});
  }
  return results;
}

}  // namespace

int sweep_command(const SweepOptions& options) {
  std::optional<SweepPlan> plan;
  std::pair<uint32_t, uint32_t> shard_of{0, 1};
  try {
    if (options.shard) shard_of = parse_shard(*options.shard);
    plan = plan_sweep(options);
  } catch (const std::invalid_argument& error) {
    std::fprintf(stderr, "cachestorm: %s\n", error.what());
    return kExitUsage;
  } catch (const SweepRefusal& refusal) {
    std::fprintf(stderr, "cachestorm: %s\n", refusal.what());
    return refusal.exit_code;
  }
  const auto [shard, shards] = shard_of;
  std::vector<size_t> mine;
  for (size_t p = 0; p < plan->loaded.size(); ++p)
    if (p % shards == shard) mine.push_back(p);
  std::string out_dir = options.out_dir.value_or("results/sweep-" + plan->base_name + "/seed-" + std::to_string(plan->seed));
  if (!options.out_dir && options.shard) out_dir += "/shard-" + std::to_string(shard) + "-of-" + std::to_string(shards);
  std::optional<ResultDir> out;
  try {
    out = ResultDir::prepare(out_dir);
  } catch (const OutputError& error) {
    std::fprintf(stderr, "cachestorm: %s\n", error.what());
    return kExitCannotWrite;
  }
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) std::signal(signal_number, stop_sweep);
  std::optional<ReplicationStore> store;
  try {
    store = ReplicationStore::open(out->target(), ".sweep", plan->identity.dump() + std::to_string(shard) + "/" +
                                                                std::to_string(shards));
  } catch (const OutputError& error) {
    std::fprintf(stderr, "cachestorm: %s\n", error.what());
    return kExitCannotWrite;
  }
  int code = kExitOk;
  const auto results = run_points(*plan, mine, options, *out, *store, code);
  if (!results) return code;
  try {
    out->publish(sweep_files(*plan, *results, shard, shards, options.command_line));
  } catch (const OutputError& error) {
    std::fprintf(stderr, "cachestorm: %s\n", error.what());
    return kExitCannotWrite;
  }
  store->discard();
  if (!options.quiet) print_sweep(*plan, *results, out_dir);
  return kExitOk;
}

}  // namespace cachestorm::cli
