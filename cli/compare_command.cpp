#include "cli/compare_command.hpp"

#include <cctype>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>

#include "analysis/compare_report.hpp"
#include "analysis/replication_report.hpp"
#include "analysis/run_report.hpp"
#include "cli/assertions.hpp"
#include "cli/exit_codes.hpp"
#include "cli/file_content.hpp"
#include "cli/output_dir.hpp"
#include "cli/progress.hpp"
#include "cli/replications.hpp"
#include "cli/run_replicated.hpp"
#include "cli/scenario_input.hpp"
#include "cli/variants.hpp"
#include "sim/build_info.hpp"
#include "sim/sha256.hpp"

namespace cachestorm::cli {
namespace {

volatile std::sig_atomic_t g_stop = 0;
extern "C" void stop_compare(int) { g_stop = 1; }

// The variants to run, baseline first; throws std::invalid_argument for a command-line mistake.
std::vector<NamedRequest> variants_of(const CompareOptions& options) {
  const ScenarioRequest base{options.files.at(0), options.seed, options.overrides, options.memory_limit_mb,
                             options.jobs};
  std::vector<NamedRequest> variants;
  if (options.files.size() == 1) {
    variants.push_back({"baseline", base});
    for (const auto& text : options.variants) variants.push_back(parse_variant(text, base));
  } else {
    if (!options.variants.empty()) throw std::invalid_argument("--variant goes with a single scenario file");
    for (const auto& file : options.files) {
      ScenarioRequest request = base;
      request.path = file;
      variants.push_back({std::filesystem::path(file).stem().string(), request});
    }
  }
  if (variants.size() < 2) throw std::invalid_argument("nothing to compare: give --variant groups or several files");
  for (size_t i = 0; i < variants.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (variants[i].name == variants[j].name)
        throw std::invalid_argument("two variants are named \"" + variants[i].name + "\"");
  return variants;
}

nlohmann::json differences_json(const std::vector<analysis::Difference>& differences) {
  nlohmann::json out = nlohmann::json::array();
  const auto value = [](const analysis::ReplicationStats& s, double x) { return s.n ? nlohmann::json(x) : nlohmann::json(); };
  for (const auto& d : differences)
    out.push_back({{"variant", d.variant},
                   {"metric", d.metric},
                   {"unit", d.unit},
                   {"baseline_mean", value(d.baseline, d.baseline.mean)},
                   {"baseline_ci_low", value(d.baseline, d.baseline.ci_low)},
                   {"baseline_ci_high", value(d.baseline, d.baseline.ci_high)},
                   {"baseline_n", d.baseline.n},
                   {"variant_mean", value(d.own, d.own.mean)},
                   {"variant_ci_low", value(d.own, d.own.ci_low)},
                   {"variant_ci_high", value(d.own, d.own.ci_high)},
                   {"variant_n", d.own.n},
                   {"difference_mean", value(d.difference, d.difference.mean)},
                   {"difference_ci_low", value(d.difference, d.difference.ci_low)},
                   {"difference_ci_high", value(d.difference, d.difference.ci_high)},
                   {"excludes_zero", d.paired() ? nlohmann::json(d.excludes_zero()) : nlohmann::json()}});
  return out;
}

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

// A variant's time series file: timeseries-<index>-<its name, letters, digits, '-' and '_' kept>.csv.
std::string series_file(size_t index, const std::string& name) {
  std::string safe;
  for (const char c : name) safe += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_';
  return "timeseries-" + std::to_string(index) + "-" + safe + ".csv";
}

// Where a variant's replications keep their time series (in its store), and their indices.
struct VariantSeries {
  std::vector<std::filesystem::path> files;
  std::vector<uint32_t> replications;
};

// Runs every variant's replications, each variant with its own store beside the output (resumed
// by a rerun of the same command); empty if one did not complete (the reason printed).
std::optional<std::vector<analysis::Variant>> run_variants(const CompareOptions& options,
                                                           const std::vector<NamedRequest>& requests,
                                                           const std::vector<LoadedScenario>& loaded,
                                                           const ResultDir& out, std::vector<ReplicationStore>& stores,
                                                           std::vector<VariantSeries>& series, int& code) {
  std::vector<analysis::Variant> results;
  const ProgressMode mode = progress_mode(options.progress, options.quiet);
  for (size_t i = 0; i < requests.size(); ++i) {
    if (!options.quiet)
      std::fprintf(stderr, "cachestorm: variant %s (%zu of %zu), %u replications\n", requests[i].name.c_str(), i + 1,
                   requests.size(), options.replications);
    run::RunControl control;
    control.should_stop = [] { return g_stop != 0; };
    control.max_in_flight = loaded[i].in_flight_limit;
    control.warmup_s = options.warmup_s;
    control.spill_dir = out.scratch_dir();
    try {
      stores.push_back(ReplicationStore::open(out.target(), std::string(".").append(std::to_string(i)),
                                              replication_identity(loaded[i].scenario, options.warmup_s)));
    } catch (const OutputError& error) {
      std::fprintf(stderr, "cachestorm: %s\n", error.what());
      code = kExitCannotWrite;
      return std::nullopt;
    }
    ProgressReport progress(mode, options.replications, loaded[i].scenario.duration_s);
    ReplicationResults replicated =
        run_replications(loaded[i].scenario, options.replications, options.jobs, control, stores.back(),
                         [&progress](const ReplicationProgress& p) { progress.update(p.done, p.resumed, p.running_simulated_s); });
    progress.finish();
    if (replicated.failed || replicated.status != "complete") {
      std::fprintf(stderr, "cachestorm: variant %s did not complete (%s); nothing written%s\n", requests[i].name.c_str(),
                   replicated.status.c_str(),
                   replicated.status == "interrupted" ? " (finished replications are kept: the same command resumes)" : "");
      code = incomplete_exit_code(replicated);
      return std::nullopt;
    }
    series.push_back({replicated.timeseries, replicated.indices});
    results.push_back({requests[i].name, std::move(replicated.summaries)});
  }
  return results;
}

}  // namespace

int compare_command(const CompareOptions& options) {
  std::vector<NamedRequest> requests;
  try {
    requests = variants_of(options);
  } catch (const std::invalid_argument& error) {
    std::fprintf(stderr, "cachestorm: %s\n", error.what());
    return kExitUsage;
  }
  std::vector<LoadedScenario> loaded(requests.size());
  for (size_t i = 0; i < requests.size(); ++i) {
    if (i > 0) requests[i].request.seed = loaded[0].scenario.seed;  // common random numbers
    if (const auto refusal = load_scenario(requests[i].request, loaded[i])) {
      std::fprintf(stderr, "cachestorm: variant %s: %s\n", requests[i].name.c_str(), refusal->message.c_str());
      return refusal->exit_code;
    }
    if (options.warmup_s >= loaded[i].scenario.duration_s) {
      std::fprintf(stderr, "cachestorm: --warmup: must be less than duration_s (%g) of variant %s\n",
                   loaded[i].scenario.duration_s, requests[i].name.c_str());
      return kExitUsage;
    }
  }
  std::vector<Assertion> assertions;
  try {
    const models::Scenario& base = loaded[0].scenario;
    std::vector<std::string> classes;
    for (const auto& key_class : base.workload.key_classes) classes.push_back(key_class.name);
    const auto valid = analysis::summary_metric_names(
        base.cache.enabled ? base.cache.nodes : 0, classes, analysis::incidents_of(base.resolved),
        analysis::writing_classes_of(base.resolved), analysis::staleness_budgets_of(base.resolved),
        analysis::scenario_windows(base.resolved));
    for (const auto& text : options.assertions) assertions.push_back(parse_assertion(text, valid));
  } catch (const AssertionError& error) {
    std::fprintf(stderr, "cachestorm: %s\n", error.what());
    return kExitUsage;
  }
  const std::string out_dir = options.out_dir.value_or("results/compare-" + loaded[0].scenario.name + "/seed-" +
                                                       std::to_string(loaded[0].scenario.seed));
  std::optional<ResultDir> out;
  try {
    out = ResultDir::prepare(out_dir);
  } catch (const OutputError& error) {
    std::fprintf(stderr, "cachestorm: %s\n", error.what());
    return kExitCannotWrite;
  }
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) std::signal(signal_number, stop_compare);
  int code = kExitOk;
  std::vector<ReplicationStore> stores;
  std::vector<VariantSeries> series;
  const auto variants = run_variants(options, requests, loaded, *out, stores, series, code);
  if (!variants) return code;
  const auto differences = analysis::paired_differences(*variants);
  nlohmann::json scenarios = nlohmann::json::object(), summary = nlohmann::json::object(), listed = nlohmann::json::array();
  nlohmann::json verdicts = nlohmann::json::object();
  std::vector<std::vector<AssertionResult>> judged;
  for (size_t i = 0; i < requests.size(); ++i) {
    scenarios[requests[i].name] = loaded[i].scenario.resolved;
    const nlohmann::json replicated = analysis::replication_summary_json((*variants)[i].summaries);
    summary[requests[i].name] = replicated["metrics"];
    judged.push_back(evaluate_assertions(assertions, replicated));
    if (!assertions.empty()) verdicts[requests[i].name] = assertions_json(judged.back());
    listed.push_back({{"name", requests[i].name},
                      {"file", requests[i].request.path},
                      {"overrides", requests[i].request.overrides},
                      {"scenario_sha256", sim::sha256_hex(loaded[i].scenario.resolved.dump())},
                      {"timeseries", series_file(i, requests[i].name)}});
  }
  const nlohmann::json compare = {{"baseline", requests[0].name},     {"seed", loaded[0].scenario.seed},
                                  {"replications", options.replications}, {"confidence", 0.95},
                                  {"warmup_s", options.warmup_s},     {"variants", summary},
                                  {"differences", differences_json(differences)},
                                  {"assertions", verdicts}};
  const nlohmann::json manifest = {{"cachestorm_version", sim::cachestorm_version()},
                                   {"git_commit", sim::cachestorm_git_commit()},
                                   {"simgrid_version", sim::simgrid_version()},
                                   {"command_line", options.command_line},
                                   {"seed", loaded[0].scenario.seed},
                                   {"replications", options.replications},
                                   {"jobs", options.jobs},
                                   {"variants", listed}};
  try {
    std::map<std::string, FileContent> files = {{"compare.csv", analysis::compare_csv(differences)},
                                                {"compare.json", compare.dump(2) + "\n"},
                                                {"scenarios.json", scenarios.dump(2) + "\n"},
                                                {"manifest.json", manifest.dump(2) + "\n"}};
    for (size_t i = 0; i < series.size(); ++i)  // each variant's replications' time series, as run writes them
      files.emplace(series_file(i, requests[i].name), analysis::TextProducer([&series, i](const analysis::TextSink& sink) {
                      analysis::write_combined_timeseries_csv(series[i].files, series[i].replications, sink);
                    }));
    out->publish(files);
  } catch (const OutputError& error) {
    std::fprintf(stderr, "cachestorm: %s\n", error.what());
    return kExitCannotWrite;
  }
  for (const auto& store : stores) store.discard();
  if (!options.quiet) {
    std::printf("cachestorm: %zu variants against %s, %u replications each on common random numbers\n",
                requests.size() - 1, requests[0].name.c_str(), options.replications);
    print_differences(differences);
    std::printf("  results: %s/{compare.csv,compare.json,scenarios.json,manifest.json,timeseries-*.csv}\n", out_dir.c_str());
  }
  int code_after = kExitOk;
  for (size_t i = 0; i < judged.size(); ++i) {
    for (auto& result : judged[i]) result.assertion.text = requests[i].name + ": " + result.assertion.text;
    code_after = std::max(code_after, report_assertions(kExitOk, judged[i], options.quiet));
  }
  return code_after;
}

}  // namespace cachestorm::cli
