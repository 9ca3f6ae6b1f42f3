#include "cli/run_command.hpp"

#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "analysis/event_report.hpp"
#include "analysis/failover_report.hpp"
#include "analysis/run_report.hpp"
#include "cli/assertion_report.hpp"
#include "cli/progress.hpp"
#include "cli/report_command.hpp"
#include "cli/run_replicated.hpp"
#include "run/exit_codes.hpp"
#include "run/new_file.hpp"
#include "run/output_dir.hpp"
#include "run/scenario_input.hpp"
#include "run/simulate.hpp"
#include "sim/sha256.hpp"

namespace cachestorm::cli {
namespace {

using run::RunControl;
using run::RunResult;
using run::simulate;

volatile std::sig_atomic_t g_stop_requested = 0;
extern "C" void request_stop(int) { g_stop_requested = 1; }

using Clock = std::chrono::steady_clock;


double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// "0.512 ms", or "n/a" for a quantile a run without samples has no value for (null).
std::string millis(const nlohmann::json& seconds) {
  if (!seconds.is_number()) return "n/a";
  char text[32];
  std::snprintf(text, sizeof text, "%.3f ms", seconds.get<double>() * 1e3);
  return text;
}

// "0.512 ms" below a second, "58.291 s" from one up, "n/a" for null: for ages and windows.
std::string duration(const nlohmann::json& seconds) {
  if (!seconds.is_number() || seconds.get<double>() < 1.0) return millis(seconds);
  char text[32];
  std::snprintf(text, sizeof text, "%.3f s", seconds.get<double>());
  return text;
}

uint64_t count_of(const nlohmann::json& value) { return value.get<uint64_t>(); }

// The busiest cache node by utilisation: the one a capacity planner must look at.
void print_busiest_shard(const nlohmann::json& shards) {
  if (shards.empty()) return;
  auto busiest = shards.begin();
  for (auto it = shards.begin(); it != shards.end(); ++it)
    if ((*it)["utilisation"].get<double>() > (*busiest)["utilisation"].get<double>()) busiest = it;
  const auto& b = *busiest;
  std::printf("  cache: %zu node%s; busiest node %s: utilisation %.1f%%, queue peak %llu, queueing delay p99 %s\n",
              shards.size(), shards.size() == 1 ? "" : "s", busiest.key().c_str(), 100.0 * b["utilisation"].get<double>(),
              static_cast<unsigned long long>(count_of(b["queue_peak"])), millis(b["queue_delay_p99_s"]).c_str());
}

// Writes and staleness (analysis/staleness_report.hpp), when the scenario has writes.
void print_writes(const nlohmann::json& writes, const nlohmann::json& staleness) {
  if (writes.is_null()) return;
  const auto u = [](const nlohmann::json& n) { return static_cast<unsigned long long>(count_of(n)); };
  std::printf("  writes: %llu arrived, %llu source updates, %llu failed (the origin refused), %llu lost (write_behind), "
              "%llu still in progress at the end; %llu invalidations lost\n",
              u(writes["arrived"]), u(writes["source_updates"]), u(writes["failed"]), u(writes["lost"]),
              u(writes["unfinished"]), u(writes["invalidations_lost"]));
  const auto& age = staleness["stale_read_age_s"];
  std::printf("  staleness: %.3f%% of %llu values served were older than the source when read (age p50 %s, p99 %s, "
              "max %s); %llu stale populates\n",
              100.0 * staleness["stale_read_ratio"].get<double>(), u(staleness["values_served"]),
              duration(age["p50"]).c_str(), duration(age["p99"]).c_str(), duration(age["max"]).c_str(),
              u(staleness["stale_populates"]));
  const auto& w = staleness["inconsistency_windows"];
  std::printf("  inconsistency windows (cache holding a superseded version): %llu closed (p50 %s, p99 %s), longest %s, "
              "%llu still open at the end\n",
              u(w["closed"]), duration(w["p50_s"]).c_str(), duration(w["p99_s"]).c_str(), duration(w["longest_s"]).c_str(),
              u(w["open_at_end"]));
}

// Each key class's staleness budget: how many reads broke it, and whether it held.
void print_budgets(const nlohmann::json& key_classes) {
  for (auto it = key_classes.begin(); it != key_classes.end(); ++it) {
    const nlohmann::json staleness = it->value("staleness", nlohmann::json());
    if (!staleness.is_object()) continue;  // a class without writes: nothing was measured
    const nlohmann::json b = staleness.value("budget", nlohmann::json());
    if (b.is_null()) continue;
    std::printf("  staleness budget of %s: %.4f%% of values served were older than %s (%llu reads; allowed %.4f%%): %s\n",
                it.key().c_str(), 100.0 * b["fraction_older"].get<double>(), duration(b["age_s"]).c_str(),
                static_cast<unsigned long long>(count_of(b["reads_older"])), 100.0 * b["max_fraction"].get<double>(),
                b["met"].get<bool>() ? "met" : "BROKEN");
  }
}

// What the incident's state at the end adds to its line: nothing once recovered; else whether its
// cause was over, and what sustained the overload after it (analysis/recovery_report.hpp).
std::string state_at_end(const nlohmann::json& r) {
  const std::string state = r.value("state_at_end", std::string());
  char text[240];
  if (state == "not_recovered") {
    const auto& a = r["after_cause"];
    std::snprintf(text, sizeof text,
                  "; still out of band %.0f s after its cause ended: %.0f%% of origin queries were retries, "
                  "%.0f misses/s against %.0f fills/s, %.0f errors/s",
                  a.value("seconds", 0.0), 100.0 * a.value("retried_origin_queries_ratio", 0.0),
                  a.value("cache_misses_per_s", 0.0), a.value("cache_fills_per_s", 0.0), a.value("errors_per_s", 0.0));
    return text;
  }
  if (state == "undecided") return "; undecided: under 10 s of the run were left after its cause ended";
  if (state == "cause_not_over") return "; its cause lasts to the end of the run";
  return "";
}

// "after faults.0 at 30 s: ..." per incident (analysis/recovery_report.hpp says how it is judged).
void print_recovery(const nlohmann::json& recovery) {
  const auto when = [](const nlohmann::json& at, const nlohmann::json& after) {
    if (!at.is_number()) return std::string("not within the run");
    char text[64];
    std::snprintf(text, sizeof text, "from %.0f s (%.0f s after)", at.get<double>(), after.get<double>());
    return std::string(text);
  };
  for (auto it = recovery.begin(); it != recovery.end(); ++it) {
    const auto& r = *it;
    if (r["baseline_p99_s"].is_null()) {
      std::printf("  after %s at %.6g s: no recovery verdict, %s\n", it.key().c_str(), r["at_s"].get<double>(),
                  r.value("no_baseline", std::string("the run ended first")).c_str());
      continue;
    }
    std::printf("  after %s at %.6g s: p99 back in its pre-incident band %s; p99 and origin load both %s%s\n",
                it.key().c_str(), r["at_s"].get<double>(), when(r["p99_recovered_at_s"], r["p99_time_to_recover_s"]).c_str(),
                when(r["recovered_at_s"], r["time_to_recover_s"]).c_str(), state_at_end(r).c_str());
  }
}

// "window incident [60, 120) s: ..." per window (summary.json windows.<name>).
void print_windows(const nlohmann::json& windows, const nlohmann::json& slo_s) {
  for (auto it = windows.begin(); it != windows.end(); ++it) {
    const auto& w = *it;
    const auto& l = w["latency_s"];
    const auto& r = w["requests"];
    std::printf("  window %s [%.6g, %.6g) s: p99 %s (worst second %s; %llu of %.6g s over %s), errors + timeouts "
                "%.3f%% of %llu requests, origin peak queue %llu\n",
                it.key().c_str(), w["from_s"].get<double>(), w["to_s"].get<double>(), millis(l["p99"]).c_str(),
                millis(l["p99_max_1s"]).c_str(), static_cast<unsigned long long>(count_of(l["seconds_over_slo"])),
                w["seconds"].get<double>(), millis(slo_s).c_str(), 100.0 * r["error_ratio"].get<double>(),
                static_cast<unsigned long long>(count_of(r["total"])),
                static_cast<unsigned long long>(count_of(w["origin"]["queue_peak"])));
  }
}

void print_summary(const nlohmann::json& summary, const std::string& out_dir, double wall_s, uint64_t requests) {
  const auto& r = summary["requests"];
  const auto& l = summary["latency_s"];
  const auto& lok = summary["latency_ok_s"];
  const auto& o = summary["origin"];
  std::printf("cachestorm: %s (seed %lld) %s, %.6g s simulated in %.2f s wall (%.2f M requests/s)\n",
              summary["scenario"].get<std::string>().c_str(), static_cast<long long>(summary["seed"].get<int64_t>()),
              summary["status"].get<std::string>().c_str(), summary["simulated_until_s"].get<double>(), wall_s,
              wall_s > 0 ? static_cast<double>(requests) / wall_s / 1e6 : 0.0);
  const uint64_t total = count_of(r["total"]);
  const auto share = [total](const nlohmann::json& n) {
    return total > 0 ? 100.0 * static_cast<double>(count_of(n)) / static_cast<double>(total) : 0.0;
  };
  std::printf("  requests %llu = ok %llu (%.1f%%) + errors %llu (%.1f%%) + client timeouts %llu (%.1f%%) + unfinished at "
              "the end %llu (%.1f%%)\n",
              static_cast<unsigned long long>(total), static_cast<unsigned long long>(count_of(r["ok"])), share(r["ok"]),
              static_cast<unsigned long long>(count_of(r["errors"])), share(r["errors"]),
              static_cast<unsigned long long>(count_of(r["client_timeouts"])), share(r["client_timeouts"]),
              static_cast<unsigned long long>(count_of(r["unfinished"])), share(r["unfinished"]));
  std::printf("  cache hit ratio %.4f as clients saw it (requests a hit answered in time; %.4f of GETs the shards "
              "answered); slower than %s: %.2f%% of ended requests\n",
              r["hit_ratio"].get<double>(), summary["cache"]["hit_ratio"].get<double>(),
              millis(summary["slo_latency_s"]).c_str(), 100.0 * r["slow_ratio"].get<double>());
  // A GET answered after its instance gave up counts as a hit at the shard but served nobody.
  if (const uint64_t give_ups = count_of(summary["cache"]["give_ups"]); give_ups > 0)
    std::printf("  %llu GETs (%.1f%% of requests) had no reply within app.cache_timeout_s, or an error at once from "
                "a node that was down: their requests read the origin\n",
                static_cast<unsigned long long>(give_ups), share(summary["cache"]["give_ups"]));
  if (count_of(l["count"]) > 0)
    std::printf("  latency of every ended request (timeouts at their timeout): p50 %s, p95 %s, p99 %s, p99.9 %s\n",
                millis(l["p50"]).c_str(), millis(l["p95"]).c_str(), millis(l["p99"]).c_str(), millis(l["p999"]).c_str());
  if (count_of(lok["count"]) > 0)
    std::printf("  latency of ok requests only: p50 %s, p99 %s\n", millis(lok["p50"]).c_str(), millis(lok["p99"]).c_str());
  if (count_of(r["unfinished"]) > total / 100)
    std::printf("  note: %.1f%% of requests had no outcome when the run ended; the quantiles cannot include them\n",
                share(r["unfinished"]));
  // Where the queries went (those neither started nor refused were still waiting at the end).
  std::printf("  origin: %llu queries arrived, %llu started, %llu rejected (queue full), %llu timed out in the queue; "
              "peak %llu of %lld connections busy, peak queue %llu\n",
              static_cast<unsigned long long>(count_of(o["queries_arrived"])),
              static_cast<unsigned long long>(count_of(o["queries_started"])),
              static_cast<unsigned long long>(count_of(o["rejected"])),
              static_cast<unsigned long long>(count_of(o["queue_timeouts"])),
              static_cast<unsigned long long>(count_of(o["busy_peak"])),
              static_cast<long long>(o["connections"].get<int64_t>()),
              static_cast<unsigned long long>(count_of(o["queue_peak"])));
  const auto& c = summary["cache"];
  std::printf("  cache: %llu expirations (%llu on access, %llu by the active cycle), %llu evictions, %llu OOM errors\n",
              static_cast<unsigned long long>(count_of(c["expirations_lazy"]) + count_of(c["expirations_active"])),
              static_cast<unsigned long long>(count_of(c["expirations_lazy"])),
              static_cast<unsigned long long>(count_of(c["expirations_active"])),
              static_cast<unsigned long long>(count_of(c["evictions"])),
              static_cast<unsigned long long>(count_of(c["oom_errors"])));
  print_busiest_shard(summary["cache"]["shards"]);
  print_writes(summary["writes"], summary["staleness"]);
  print_budgets(summary["key_classes"]);
  print_recovery(summary.value("recovery", nlohmann::json::object()));
  for (const std::string& line : analysis::failover_lines(summary.value("failover", nlohmann::json::object())))
    std::printf("  %s\n", line.c_str());
  print_windows(summary.value("windows", nlohmann::json::object()), summary["slo_latency_s"]);
  std::printf("  results: %s/{summary.json,timeseries.csv,events.jsonl,manifest.json,scenario.json}\n", out_dir.c_str());
}

// Progress of the single run, and the stop flag its signals set.
RunControl single_run_control(ProgressReport& progress) {
  RunControl control;
  control.should_stop = [] { return g_stop_requested != 0; };
  control.on_progress = [&progress](double t, uint64_t) { progress.update(0, 0, t); };
  return control;
}

void write_perf(const std::string& path, const RunResult& result, double wall_s) {
  const nlohmann::json perf = {{"wall_s", wall_s},
                               {"requests", result.requests},
                               {"events", result.events},
                               {"served_at_send", result.served_at_send},
                               {"rss_before_model_kb", result.rss_before_model_kb},
                               {"rss_after_run_kb", result.rss_after_run_kb},
                               {"resident_keys", result.facts.resident_keys_at_end},
                               {"key_space_keys", result.key_space_keys}};
  run::write_new_file(path, perf.dump(2) + "\n");
}

// Where the requests in flight were held up: the origin (queries waiting for a connection), or
// else the cache shards (commands queued behind a saturated shard).
std::string bottleneck_advice(const nlohmann::json& summary) {
  const auto& origin = summary["origin"];
  const uint64_t waiting = count_of(origin["queries_arrived"]) - count_of(origin["queries_started"]) -
                           count_of(origin["rejected"]) - count_of(origin["queue_timeouts"]);
  const auto& shards = summary["cache"]["shards"];
  uint64_t shard_queue = 0;
  for (const auto& shard : shards) shard_queue = std::max<uint64_t>(shard_queue, count_of(shard["queue_peak"]));
  if (shard_queue <= waiting)
    return "The origin cannot keep up" +
           (waiting > 0 ? " (" + std::to_string(waiting) + " queries waiting for a connection at the end)" : std::string()) +
           ": bound origin.queue_limit or origin.queue_timeout_s, add origin.connections, or raise --memory-limit-mb";
  return "The cache shards cannot keep up (a shard queue reached " + std::to_string(shard_queue) +
         " commands): add shards (cache.nodes), make commands cheaper (cache.commands), lower the load, or raise "
         "--memory-limit-mb";
}

int exit_code_of(const analysis::RunFacts& facts, const nlohmann::json& summary) {
  if (facts.status == "interrupted") return kExitInterrupted;
  if (facts.status == "stopped_at_in_flight_limit") {
    std::fprintf(stderr,
                 "cachestorm: stopped at t = %.0f s: more than %u requests were in flight, the most the memory "
                 "budget allows; results up to then are written (status \"%s\"). %s\n",
                 facts.simulated_until_s, facts.in_flight_limit, facts.status.c_str(),
                 bottleneck_advice(summary).c_str());
    return kExitInFlightLimit;
  }
  return kExitOk;
}

}  // namespace

std::string check_seed_text(const std::string& text) {
  int64_t seed = 0;
  const auto parsed = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (parsed.ec == std::errc() && parsed.ptr == text.data() + text.size() && seed >= 0) return "";
  std::string problem = "must be an integer in [0, 9223372036854775807] (got ";
  return problem.append(text).append(")");
}

int run_command(const RunOptions& options) {
  run::LoadedScenario loaded;
  const run::ScenarioRequest request{options.scenario_path, options.seed, options.overrides, options.memory_limit_mb,
                                options.jobs};
  if (const auto refusal = run::load_scenario(request, loaded)) {
    std::fprintf(stderr, "cachestorm: %s\n", refusal->message.c_str());
    return refusal->exit_code;
  }
  const models::Scenario& scenario = loaded.scenario;
  std::vector<analysis::ReportWindow> windows;  // --window
  std::vector<analysis::ReportWindow> all_windows;
  try {
    for (const auto& text : options.windows) windows.push_back(analysis::parse_window_option(text, scenario.duration_s));
    all_windows = analysis::joined_windows(analysis::scenario_windows(scenario.resolved), windows);
  } catch (const std::invalid_argument& error) {
    std::fprintf(stderr, "cachestorm: %s\n", error.what());
    return kExitUsage;
  }
  std::vector<Assertion> assertions;
  try {
    std::vector<std::string> class_names;
    for (const auto& key_class : scenario.workload.key_classes) class_names.push_back(key_class.name);
    const auto valid = analysis::summary_metric_names(scenario.cache.enabled ? scenario.cache.nodes : 0, class_names,
                                                      analysis::incidents_of(scenario.resolved),
                                                      analysis::writing_classes_of(scenario.resolved),
                                                      analysis::staleness_budgets_of(scenario.resolved), all_windows,
                                                      analysis::failover_faults_of(scenario.resolved),
                                                      scenario.cache.replicas_per_shard);
    for (const auto& text : options.assertions) assertions.push_back(parse_assertion(text, valid));
  } catch (const AssertionError& error) {
    std::fprintf(stderr, "cachestorm: %s\n", error.what());
    return kExitUsage;
  }
  if (options.hold_in && options.replications < 2) {
    std::fprintf(stderr, "cachestorm: --hold-in judges the share of replications that meet each --assert; give "
                         "--replications N (N >= 2; %zu prove %g when every one meets it)\n",
                 analysis::replications_to_prove(*options.hold_in), *options.hold_in);
    return kExitUsage;
  }
  if (options.hold_in && options.assertions.empty()) {
    std::fprintf(stderr, "cachestorm: --hold-in says how an --assert is judged; give one (e.g. --assert "
                         "'windows.incident.latency_s.p99<0.2')\n");
    return kExitUsage;
  }
  if (options.warmup_s >= scenario.duration_s) {
    std::fprintf(stderr, "cachestorm: --warmup: must be less than duration_s (%g), or nothing would be measured\n",
                 scenario.duration_s);
    return kExitUsage;
  }
  if (options.report) {  // before anything runs: the report needs the chart libraries
    if (const std::string missing = report_scripts_missing(); !missing.empty()) {
      std::fprintf(stderr, "cachestorm: --report: %s\n", missing.c_str());
      return kExitNoInput;
    }
  }
  const std::string out_dir =
      options.out_dir.value_or("results/" + scenario.name + "/seed-" + std::to_string(scenario.seed));
  std::optional<run::ResultDir> out;
  try {
    if (options.perf_out) run::refuse_existing_file(*options.perf_out);
    out = run::ResultDir::prepare(out_dir);
  } catch (const run::OutputError& error) {
    std::fprintf(stderr, "cachestorm: %s\n", error.what());
    return kExitCannotWrite;
  }

  // Ctrl-C, kill and a closed terminal all stop the run the same way: results so far are written.
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) std::signal(signal_number, request_stop);
  if (options.replications > 1)
    return run_replicated({options, loaded, *out, out_dir, assertions, [] { return g_stop_requested != 0; },
                           progress_mode(options.progress, options.quiet), windows});
  const auto start = Clock::now();
  ProgressReport progress(progress_mode(options.progress, options.quiet), 1, scenario.duration_s);
  RunControl control = single_run_control(progress);
  control.max_in_flight = loaded.in_flight_limit;
  control.warmup_s = options.warmup_s;
  control.spill_dir = out->scratch_dir();
  control.windows = windows;
  RunResult result = simulate(scenario, 0, control);
  progress.finish();
  const double wall_s = seconds_since(start);

  const std::string resolved = scenario.resolved.dump(2) + "\n";
  nlohmann::json summary = analysis::summary_json(*result.metrics, result.facts);
  const auto judged = evaluate_assertions(assertions, summary);
  if (!judged.empty()) summary["assertions"] = assertions_json(judged);
  const analysis::Provenance provenance = provenance_of(options, scenario);
  try {
    out->publish({{"scenario.json", resolved},
                  {"summary.json", summary.dump(2) + "\n"},
                  {"timeseries.csv", analysis::TextProducer([&result](const analysis::TextSink& out) {
                     analysis::write_timeseries_csv(*result.metrics, out);
                   })},
                  {"events.jsonl", analysis::events_jsonl(result.state_changes, 0)},
                  {"manifest.json", analysis::manifest_json(result.facts, provenance).dump(2) + "\n"}});
  } catch (const run::OutputError& error) {
    std::fprintf(stderr, "cachestorm: %s\n", error.what());
    return kExitCannotWrite;
  }
  try {
    if (options.perf_out) write_perf(*options.perf_out, result, wall_s);
  } catch (const run::OutputError& error) {
    std::fprintf(stderr, "cachestorm: --perf-out %s\n", error.what());
    return kExitCannotWrite;
  }
  if (options.report)
    if (const int code = write_report_beside(out_dir); code != kExitOk) return code;
  if (!options.quiet) print_summary(summary, out_dir, wall_s, result.requests);
  return report_assertions(exit_code_of(result.facts, summary), judged, options.quiet);
}

}  // namespace cachestorm::cli
