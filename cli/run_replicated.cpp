#include "cli/run_replicated.hpp"

#include "cli/report_command.hpp"

#include <chrono>
#include <cstdio>

#include "analysis/replication_report.hpp"
#include "run/exit_codes.hpp"
#include "run/replications.hpp"
#include "sim/build_info.hpp"
#include "sim/sha256.hpp"

namespace cachestorm::cli {
namespace {

// One line per headline metric: mean and 95 % interval over the replications.
void print_replicated_summary(const nlohmann::json& summary, const std::string& out_dir, double wall_s,
                              uint32_t resumed) {
  std::printf("cachestorm: %s (seed %lld) %s, %zu replications (%u resumed from an earlier run) in %.2f s wall\n",
              summary["scenario"].get<std::string>().c_str(), static_cast<long long>(summary["seed"].get<int64_t>()),
              summary["status"].get<std::string>().c_str(), summary["replications"].get<size_t>(), resumed, wall_s);
  for (const char* name : {"requests.hit_ratio", "cache.hit_ratio", "requests.errors", "requests.client_timeouts",
                           "requests.unfinished", "latency_s.p99", "origin.queue_peak"}) {
    if (!summary["metrics"].contains(name)) continue;
    const auto& m = summary["metrics"][name];
    const bool latency = std::string(name).rfind("latency_s.", 0) == 0;
    std::printf("  %-28s %12.6g %s, 95%% interval [%.6g, %.6g]%s\n", name, m["mean"].get<double>(),
                m["unit"].get<std::string>().c_str(), m["ci_low"].get<double>(), m["ci_high"].get<double>(),
                latency ? " (every ended request)" : "");
  }
  // Each window's p99 and error ratio (summary.json windows.<name>).
  for (auto it = summary["metrics"].begin(); it != summary["metrics"].end(); ++it) {
    const std::string& name = it.key();
    const bool p99 = name.size() > 14 && name.compare(name.size() - 14, 14, ".latency_s.p99") == 0;
    const bool errors = name.size() > 21 && name.compare(name.size() - 21, 21, ".requests.error_ratio") == 0;
    if (name.rfind("windows.", 0) != 0 || !(p99 || errors) || !(*it)["mean"].is_number()) continue;
    const auto& m = *it;
    std::printf("  %-28s %12.6g %s, 95%% interval [%.6g, %.6g]\n", name.c_str(), m["mean"].get<double>(),
                m["unit"].get<std::string>().c_str(), m["ci_low"].get<double>(), m["ci_high"].get<double>());
  }
  std::printf("  results: %s/{summary.json,summary.csv,replications.csv,timeseries.csv,events.jsonl,manifest.json,"
              "scenario.json}\n",
              out_dir.c_str());
}

int exit_code_of(const run::ReplicationResults& results) {
  if (results.status == "interrupted") return kExitInterrupted;
  return results.status == "complete" ? kExitOk : kExitInFlightLimit;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) out += part;
  return out;
}

// Publishes the results of the complete replications; false (the reason printed) if it could not.
bool publish(const ReplicatedRun& run, const run::ReplicationResults& results, const nlohmann::json& summary) {
  const models::Scenario& scenario = run.loaded.scenario;
  analysis::RunFacts facts;
  facts.scenario_name = scenario.name;
  facts.seed = scenario.seed;
  facts.in_flight_limit = run.loaded.in_flight_limit;
  nlohmann::json manifest = analysis::manifest_json(facts, provenance_of(run.options, scenario));
  manifest["replications_resumed"] = results.resumed;
  try {
    run.out.publish({{"scenario.json", scenario.resolved.dump(2) + "\n"},
                     {"summary.json", summary.dump(2) + "\n"},
                     {"summary.csv", analysis::replication_summary_csv(results.summaries)},
                     {"replications.csv", analysis::replications_csv(results.summaries)},
                     {"timeseries.csv",
                      analysis::TextProducer([&results](const analysis::TextSink& out) {
                        analysis::write_combined_timeseries_csv(results.timeseries, results.indices, out);
                      })},
                     {"events.jsonl", joined(results.events)},
                     {"manifest.json", manifest.dump(2) + "\n"}});
  } catch (const run::OutputError& error) {
    std::fprintf(stderr, "cachestorm: %s\n", error.what());
    return false;
  }
  return true;
}

}  // namespace

analysis::Provenance provenance_of(const RunOptions& options, const models::Scenario& scenario) {
  return {sim::sha256_hex(scenario.resolved.dump()), options.command_line, options.overrides, options.replications,
          options.jobs};
}

int run_replicated(const ReplicatedRun& run) {
  const models::Scenario& scenario = run.loaded.scenario;
  std::optional<run::ReplicationStore> store;
  try {
    store = run::ReplicationStore::open(run.out.target(), "", run::replication_identity(scenario, run.options.warmup_s, run.windows));
  } catch (const run::OutputError& error) {
    std::fprintf(stderr, "cachestorm: %s\n", error.what());
    return kExitCannotWrite;
  }
  run::RunControl control;
  control.should_stop = run.should_stop;
  control.max_in_flight = run.loaded.in_flight_limit;
  control.warmup_s = run.options.warmup_s;
  control.spill_dir = run.out.scratch_dir();
  control.windows = run.windows;
  const auto start = std::chrono::steady_clock::now();
  ProgressReport progress(run.progress, run.options.replications, scenario.duration_s);
  const run::ReplicationResults results =
      run::run_replications(scenario, run.options.replications, run.options.jobs, control, *store,
                       [&progress](const run::ReplicationProgress& p) { progress.update(p.done, p.resumed, p.running_simulated_s); });
  progress.finish();
  if (results.cannot_write) {
    std::fprintf(stderr, "cachestorm: a replication could not be saved in %s (see above); finished ones are kept "
                         "there, and the same command resumes once there is room\n", store->path().c_str());
    return kExitCannotWrite;
  }
  if (results.failed) {
    std::fprintf(stderr, "cachestorm: internal error: a replication failed; finished ones are kept in %s\n",
                 store->path().c_str());
    return kExitInternal;
  }
  if (results.summaries.empty()) {
    store->discard();
    std::fprintf(stderr, "cachestorm: no replication completed (%s); nothing written\n", results.status.c_str());
    return exit_code_of(results);
  }
  nlohmann::json summary = analysis::replication_summary_json(results.summaries);
  summary["status"] = results.status;
  summary["replications_requested"] = run.options.replications;
  const auto judged = run.options.hold_in ? evaluate_in_share(run.assertions, results.summaries, *run.options.hold_in)
                                          : evaluate_assertions(run.assertions, summary);
  if (!judged.empty()) summary["assertions"] = assertions_json(judged);
  if (!publish(run, results, summary)) return kExitCannotWrite;
  if (run.options.report)
    if (const int code = write_report_beside(run.out_dir); code != kExitOk) return code;
  if (results.status == "interrupted") {
    std::fprintf(stderr, "cachestorm: %zu of %u replications finished and are kept; run the same command again to "
                         "resume\n", results.summaries.size(), run.options.replications);
  } else {
    store->discard();
  }
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!run.options.quiet) print_replicated_summary(summary, run.out_dir, wall_s, results.resumed);
  return report_assertions(exit_code_of(results), judged, run.options.quiet);
}

}  // namespace cachestorm::cli
