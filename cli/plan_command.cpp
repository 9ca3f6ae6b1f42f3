#include "cli/plan_command.hpp"

#include <csignal>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "analysis/replication_report.hpp"
#include "analysis/report_windows.hpp"
#include "analysis/run_report.hpp"
#include "analysis/share_verdict.hpp"
#include "cli/assertions.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output_dir.hpp"
#include "cli/plan_judge.hpp"
#include "cli/replications.hpp"
#include "cli/variants.hpp"
#include "run/plan_search.hpp"
#include "sim/build_info.hpp"

namespace cachestorm::cli {
namespace {

volatile std::sig_atomic_t g_stop = 0;
extern "C" void stop_plan(int) { g_stop = 1; }

// "PATH=LOW:HIGH" -> the search's range; whole numbers when both are written as integers.
run::SearchSpec parse_range(const std::string& text, const PlanOptions& options, std::string& path) {
  const size_t equals = text.find('='), colon = text.find(':', equals == std::string::npos ? 0 : equals);
  run::SearchSpec spec;
  try {
    if (equals == std::string::npos || colon == std::string::npos || equals == 0) throw std::invalid_argument("");
    path = text.substr(0, equals);
    const std::string low = text.substr(equals + 1, colon - equals - 1), high = text.substr(colon + 1);
    size_t used_low = 0, used_high = 0;
    spec.low = std::stod(low, &used_low);
    spec.high = std::stod(high, &used_high);
    if (used_low != low.size() || used_high != high.size() || !(spec.high > spec.low)) throw std::invalid_argument("");
    spec.integral = low.find_first_of(".eE") == std::string::npos && high.find_first_of(".eE") == std::string::npos;
  } catch (const std::exception&) {
    throw std::invalid_argument("--axis " + text + ": write PATH=LOW:HIGH with LOW < HIGH (e.g. origin.connections=8:128; "
                                "integers search whole numbers, 0.001:0.01 real ones to 1 %)");
  }
  spec.smallest = !options.largest;
  spec.replications = options.replications;
  spec.max_replications = std::max(options.replications, options.max_replications);
  return spec;
}

void print_variant(const std::string& variant, const std::string& path, const PlanOptions& options,
                   const run::SearchResult& result, const nlohmann::json& headroom) {
  const char* which = options.largest ? "largest" : "smallest";
  const auto show = [](double v) { return analysis::format_number(v); };
  if (result.outcome == "found") {
    std::printf("  %s: the %s %s meeting every SLO is %s", variant.c_str(), which, path.c_str(), show(*result.answer).c_str());
    if (result.proved_broken) std::printf(" (%s breaks one)", show(*result.proved_broken).c_str());
    if (headroom.is_number()) std::printf("; origin capacity there %.2fx its busiest second's demand", headroom.get<double>());
    std::printf("\n");
  } else if (result.outcome == "undecided") {
    std::printf("  %s: undecided between %s (breaks an SLO) and %s (meets them) at %u replications a value; raise "
                "--max-replications to decide\n", variant.c_str(),
                result.proved_broken ? show(*result.proved_broken).c_str() : "the range's end",
                show(*result.proved_met).c_str(), options.max_replications);
  } else {
    std::printf("  %s: %s\n", variant.c_str(),
                result.outcome == "none" ? "no value in the range meets every SLO (its best end breaks one)"
                                         : "the range's best end is not proved to meet every SLO at this budget");
  }
}

}  // namespace

int plan_command(const PlanOptions& options) {
  std::string path;
  run::SearchSpec spec;
  std::vector<NamedRequest> variants;
  std::optional<PlanJudge> judge;
  try {
    spec = parse_range(options.axis, options, path);
    const ScenarioRequest base{options.scenario_path, options.seed, options.overrides, options.memory_limit_mb,
                               options.jobs};
    variants.push_back({"baseline", base});
    for (const auto& text : options.variants) variants.push_back(parse_variant(text, base));
    judge.emplace(options, path, variants);
  } catch (const std::invalid_argument& error) {
    std::fprintf(stderr, "cachestorm: %s\n", error.what());
    return kExitUsage;
  } catch (const PlanRefusal& refusal) {
    std::fprintf(stderr, "cachestorm: %s\n", refusal.what());
    return refusal.exit_code;
  }
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) std::signal(signal_number, stop_plan);
  judge->should_stop = [] { return g_stop != 0; };
  nlohmann::json out_variants = nlohmann::json::array();
  std::vector<std::pair<std::string, run::SearchResult>> results;
  try {
    for (size_t v = 0; v < variants.size(); ++v) {
      const run::SearchResult result =
          run::search(spec, [&](double value, uint32_t n) { return judge->judge(v, value, n); });
      out_variants.push_back(judge->variant_json(v, result));
      results.emplace_back(variants[v].name, result);
    }
  } catch (const PlanRefusal& refusal) {
    std::fprintf(stderr, "cachestorm: %s\n", refusal.what());
    return refusal.exit_code;
  }
  if (!judge->publish(out_variants)) return kExitCannotWrite;
  if (!options.quiet) {
    std::printf("cachestorm: plan of %s over %s, %s value meeting: %s\n", judge->scenario_name().c_str(), path.c_str(),
                options.largest ? "largest" : "smallest", judge->slo_text().c_str());
    for (size_t v = 0; v < results.size(); ++v)
      print_variant(results[v].first, path, options, results[v].second, out_variants[v]["headroom"]);
    std::printf("  results: %s/{plan.json,plan.csv,manifest.json}\n", judge->out_dir().c_str());
  }
  return kExitOk;
}

}  // namespace cachestorm::cli
