#include "cli/sweep_command.hpp"

#include <csignal>
#include <cstdio>
#include <stdexcept>

#include "analysis/report_windows.hpp"
#include "analysis/sweep_report.hpp"
#include "cli/progress.hpp"
#include "run/exit_codes.hpp"
#include "run/output_dir.hpp"
#include "run/scenario_input.hpp"
#include "run/sweep_design.hpp"
#include "run/sweep_plan.hpp"
#include "sim/build_info.hpp"
#include "sim/sha256.hpp"

namespace cachestorm::cli {
namespace {

volatile std::sig_atomic_t g_stop = 0;
extern "C" void stop_sweep(int) { g_stop = 1; }

void print_sweep(const run::SweepPlan& plan, const std::vector<analysis::SweepPointResult>& results, const std::string& out_dir) {
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

}  // namespace

int sweep_command(const SweepOptions& options) {
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) std::signal(signal_number, stop_sweep);
  std::optional<ProgressReport> progress;
  run::DriverHooks hooks;
  hooks.should_stop = [] { return g_stop != 0; };
  hooks.on_batch_start = [&](const std::string&, uint32_t tasks, double duration_s) {
    progress.emplace(progress_mode(options.progress, options.quiet), tasks, duration_s);
  };
  hooks.on_progress = [&](const run::ReplicationProgress& p) { progress->update(p.done, p.resumed, p.running_simulated_s); };
  hooks.on_batch_end = [&] { progress->finish(); };
  try {
    const run::SweepOutcome outcome = run::sweep(options, hooks);
    if (!options.quiet) print_sweep(outcome.plan, outcome.results, outcome.out_dir);
    return kExitOk;
  } catch (const std::invalid_argument& error) {
    std::fprintf(stderr, "cachestorm: %s\n", error.what());
    return kExitUsage;
  } catch (const run::Failure& failure) {
    std::fprintf(stderr, "cachestorm: %s\n", failure.what());
    return failure.exit_code;
  }
}

}  // namespace cachestorm::cli
