#include "cli/plan_command.hpp"

#include <cmath>
#include <csignal>
#include <cstdio>
#include <stdexcept>

#include "analysis/replication_report.hpp"
#include "analysis/report_windows.hpp"
#include "analysis/run_report.hpp"
#include "analysis/share_verdict.hpp"
#include "cli/assertion_report.hpp"
#include "run/exit_codes.hpp"
#include "run/output_dir.hpp"
#include "run/plan_judge.hpp"
#include "run/plan_search.hpp"
#include "run/replications.hpp"
#include "run/variants.hpp"
#include "sim/build_info.hpp"

namespace cachestorm::cli {
namespace {

volatile std::sig_atomic_t g_stop = 0;
extern "C" void stop_plan(int) { g_stop = 1; }

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
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) std::signal(signal_number, stop_plan);
  run::DriverHooks hooks;
  hooks.should_stop = [] { return g_stop != 0; };
  try {
    const run::PlanOutcome outcome = run::plan(options, hooks);
    if (!options.quiet) {
      std::printf("cachestorm: plan of %s over %s, %s value meeting: %s\n", outcome.scenario_name.c_str(),
                  outcome.path.c_str(), options.largest ? "largest" : "smallest", outcome.slo_text.c_str());
      for (const auto& variant : outcome.variants)
        print_variant(variant.name, outcome.path, options, variant.result, variant.headroom);
      std::printf("  results: %s/{plan.json,plan.csv,manifest.json}\n", outcome.out_dir.c_str());
    }
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
