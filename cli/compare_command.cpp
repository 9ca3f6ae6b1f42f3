#include "cli/compare_command.hpp"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <optional>
#include <stdexcept>

#include "cli/assertion_report.hpp"
#include "cli/progress.hpp"
#include "run/exit_codes.hpp"

namespace cachestorm::cli {
namespace {

volatile std::sig_atomic_t g_stop = 0;
extern "C" void stop_compare(int) { g_stop = 1; }

void print_differences(const std::vector<analysis::Difference>& differences) {
  for (const auto& d : differences) {
    if (d.metric != "requests.hit_ratio" && d.metric != "requests.errors" && d.metric != "latency_s.p99" &&
        d.metric != "origin.queue_peak" && d.metric != "requests.client_timeouts" &&
        d.metric != "windows.incident.latency_s.p99" && d.metric != "windows.incident.requests.error_ratio")
      continue;
    if (!d.paired()) continue;
    std::printf("  %-14s %-38s %.6g -> %.6g %s: %+.6g, 95%% interval [%+.6g, %+.6g]%s\n", d.variant.c_str(),
                d.metric.c_str(), d.baseline.mean, d.own.mean, d.unit.c_str(), d.difference.mean, d.difference.ci_low,
                d.difference.ci_high, d.excludes_zero() ? "  (excludes 0)" : "");
  }
}

}  // namespace

int compare_command(const CompareOptions& options) {
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) std::signal(signal_number, stop_compare);
  std::optional<ProgressReport> progress;
  run::DriverHooks hooks;
  hooks.should_stop = [] { return g_stop != 0; };
  hooks.on_batch_start = [&](const std::string& what, uint32_t tasks, double duration_s) {
    if (!options.quiet) std::fprintf(stderr, "cachestorm: %s\n", what.c_str());
    progress.emplace(progress_mode(options.progress, options.quiet), tasks, duration_s);
  };
  hooks.on_progress = [&](const run::ReplicationProgress& p) { progress->update(p.done, p.resumed, p.running_simulated_s); };
  hooks.on_batch_end = [&] { progress->finish(); };
  std::optional<run::CompareOutcome> outcome;
  try {
    outcome = run::compare(options, hooks);
  } catch (const std::invalid_argument& error) {
    std::fprintf(stderr, "cachestorm: %s\n", error.what());
    return kExitUsage;
  } catch (const run::Failure& failure) {
    std::fprintf(stderr, "cachestorm: %s\n", failure.what());
    return failure.exit_code;
  }
  if (!options.quiet) {
    std::printf("cachestorm: %zu variants against %s, %u replications each on common random numbers\n",
                outcome->names.size() - 1, outcome->names[0].c_str(), options.replications);
    print_differences(outcome->differences);
    std::printf("  results: %s/{compare.csv,compare.json,scenarios.json,manifest.json,timeseries-*.csv}\n",
                outcome->out_dir.c_str());
  }
  int code = kExitOk;
  for (size_t i = 0; i < outcome->verdicts.size(); ++i) {
    for (auto& result : outcome->verdicts[i]) result.assertion.text = outcome->names[i] + ": " + result.assertion.text;
    code = std::max(code, report_assertions(kExitOk, outcome->verdicts[i], options.quiet));
  }
  return code;
}

}  // namespace cachestorm::cli
