#include "run/compare.hpp"

#include <cctype>
#include <filesystem>
#include <map>
#include <stdexcept>

#include "analysis/replication_report.hpp"
#include "analysis/failover_report.hpp"
#include "analysis/run_report.hpp"
#include "run/exit_codes.hpp"
#include "run/file_content.hpp"
#include "run/output_dir.hpp"
#include "run/scenario_input.hpp"
#include "run/variants.hpp"
#include "sim/build_info.hpp"
#include "sim/sha256.hpp"

namespace cachestorm::run {
namespace {

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
// by a rerun of the same command). Throws Failure if one did not complete.
std::vector<analysis::Variant> run_variants(const CompareOptions& options, const std::vector<NamedRequest>& requests,
                                            const std::vector<LoadedScenario>& loaded, const ResultDir& out,
                                            std::vector<ReplicationStore>& stores, std::vector<VariantSeries>& series,
                                            const DriverHooks& hooks) {
  std::vector<analysis::Variant> results;
  for (size_t i = 0; i < requests.size(); ++i) {
    RunControl control;
    control.should_stop = [&hooks] { return hooks.stop_requested(); };
    control.max_in_flight = loaded[i].in_flight_limit;
    control.warmup_s = options.warmup_s;
    control.spill_dir = out.scratch_dir();
    try {
      stores.push_back(ReplicationStore::open(out.target(), std::string(".").append(std::to_string(i)),
                                              replication_identity(loaded[i].scenario, options.warmup_s)));
    } catch (const OutputError& error) {
      throw Failure(kExitCannotWrite, error.what());
    }
    if (hooks.on_batch_start)
      hooks.on_batch_start("variant " + requests[i].name + " (" + std::to_string(i + 1) + " of " +
                               std::to_string(requests.size()) + "), " + std::to_string(options.replications) +
                               " replications",
                           options.replications, loaded[i].scenario.duration_s);
    ReplicationResults replicated =
        run_replications(loaded[i].scenario, options.replications, options.jobs, control, stores.back(), hooks.on_progress);
    if (hooks.on_batch_end) hooks.on_batch_end();
    if (replicated.failed || replicated.status != "complete")
      throw Failure(incomplete_exit_code(replicated),
                    "variant " + requests[i].name + " did not complete (" + replicated.status + "); nothing written" +
                        (replicated.status == "interrupted" ? " (finished replications are kept: the same command resumes)" : ""));
    series.push_back({replicated.timeseries, replicated.indices});
    results.push_back({requests[i].name, std::move(replicated.summaries)});
  }
  return results;
}

// Loads every variant (the baseline's seed for all: common random numbers). Throws Failure or
// std::invalid_argument.
std::vector<LoadedScenario> load_variants(std::vector<NamedRequest>& requests, double warmup_s) {
  std::vector<LoadedScenario> loaded(requests.size());
  for (size_t i = 0; i < requests.size(); ++i) {
    if (i > 0) requests[i].request.seed = loaded[0].scenario.seed;
    if (const auto refusal = load_scenario(requests[i].request, loaded[i]))
      throw Failure(refusal->exit_code, "variant " + requests[i].name + ": " + refusal->message);
    if (warmup_s >= loaded[i].scenario.duration_s)
      throw std::invalid_argument("--warmup: must be less than duration_s (" +
                                  analysis::format_number(loaded[i].scenario.duration_s) + ") of variant " + requests[i].name);
  }
  return loaded;
}

// The --assert of the command, checked against the baseline's metric names. Throws
// std::invalid_argument.
std::vector<analysis::Assertion> parse_assertions(const CompareOptions& options, const models::Scenario& base) {
  std::vector<std::string> classes;
  for (const auto& key_class : base.workload.key_classes) classes.push_back(key_class.name);
  const auto valid = analysis::summary_metric_names(
      base.cache.enabled ? base.cache.nodes : 0, classes, analysis::incidents_of(base.resolved),
      analysis::writing_classes_of(base.resolved), analysis::staleness_budgets_of(base.resolved),
      analysis::scenario_windows(base.resolved), analysis::failover_faults_of(base.resolved),
      base.cache.replicas_per_shard);
  std::vector<analysis::Assertion> assertions;
  try {
    for (const auto& text : options.assertions) assertions.push_back(analysis::parse_assertion(text, valid));
  } catch (const analysis::AssertionError& error) {
    throw std::invalid_argument(error.what());
  }
  return assertions;
}


// Everything compare publishes: compare.csv, compare.json, scenarios.json, manifest.json and a
// time series per variant (read from its store when written).
std::map<std::string, FileContent> compare_files(const CompareOptions& options, const std::vector<NamedRequest>& requests,
                                                 const std::vector<LoadedScenario>& loaded,
                                                 const std::vector<analysis::Variant>& variants,
                                                 const std::vector<analysis::Difference>& differences,
                                                 const std::vector<std::vector<analysis::AssertionResult>>& judged,
                                                 const std::vector<VariantSeries>& series) {
  nlohmann::json scenarios = nlohmann::json::object(), summary = nlohmann::json::object(), listed = nlohmann::json::array();
  nlohmann::json verdicts = nlohmann::json::object();
  for (size_t i = 0; i < requests.size(); ++i) {
    scenarios[requests[i].name] = loaded[i].scenario.resolved;
    summary[requests[i].name] = analysis::replication_summary_json(variants[i].summaries)["metrics"];
    if (!options.assertions.empty()) verdicts[requests[i].name] = analysis::assertions_json(judged[i]);
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
  std::map<std::string, FileContent> files = {{"compare.csv", analysis::compare_csv(differences)},
                                              {"compare.json", compare.dump(2) + "\n"},
                                              {"scenarios.json", scenarios.dump(2) + "\n"},
                                              {"manifest.json", manifest.dump(2) + "\n"}};
  for (size_t i = 0; i < series.size(); ++i)  // each variant's replications' time series, as run writes them
    files.emplace(series_file(i, requests[i].name), analysis::TextProducer([&series, i](const analysis::TextSink& sink) {
                    analysis::write_combined_timeseries_csv(series[i].files, series[i].replications, sink);
                  }));
  return files;
}

}  // namespace

CompareOutcome compare(const CompareOptions& options, const DriverHooks& hooks) {
  std::vector<NamedRequest> requests = variants_of(options);
  const std::vector<LoadedScenario> loaded = load_variants(requests, options.warmup_s);
  const std::vector<analysis::Assertion> assertions = parse_assertions(options, loaded[0].scenario);
  CompareOutcome outcome;
  outcome.out_dir = options.out_dir.value_or("results/compare-" + loaded[0].scenario.name + "/seed-" +
                                             std::to_string(loaded[0].scenario.seed));
  std::optional<ResultDir> out;
  try {
    out = ResultDir::prepare(outcome.out_dir);
  } catch (const OutputError& error) {
    throw Failure(kExitCannotWrite, error.what());
  }
  std::vector<ReplicationStore> stores;
  std::vector<VariantSeries> series;
  const auto variants = run_variants(options, requests, loaded, *out, stores, series, hooks);
  outcome.differences = analysis::paired_differences(variants);
  for (size_t i = 0; i < requests.size(); ++i) {
    outcome.names.push_back(requests[i].name);
    outcome.verdicts.push_back(
        analysis::evaluate_assertions(assertions, analysis::replication_summary_json(variants[i].summaries)));
  }
  try {
    out->publish(compare_files(options, requests, loaded, variants, outcome.differences, outcome.verdicts, series));
  } catch (const OutputError& error) {
    throw Failure(kExitCannotWrite, error.what());
  }
  for (const auto& store : stores) store.discard();
  return outcome;
}

}  // namespace cachestorm::run
