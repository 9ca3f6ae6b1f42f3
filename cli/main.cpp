// cachestorm: a discrete-event simulator for cache failure modes. This file only reads the
// command line and hands over to the commands in cli/.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/bench_command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/run_command.hpp"
#include "sim/build_info.hpp"

using namespace cachestorm;

int main(int argc, char** argv) {
  CLI::App app{"cachestorm: simulate cache failure modes (stampedes, cold starts, cache outages) in a\n"
               "cache-aside system of clients, application instances, cache nodes and an origin database."};
  app.set_version_flag("--version", std::string("cachestorm ") + sim::cachestorm_version() + " (commit " +
                                        sim::cachestorm_git_commit() + ", SimGrid " + sim::simgrid_version() + ")");
  app.require_subcommand(1);
  app.footer("Exit codes: 0 ok, 64 usage, 65 invalid scenario, 66 unreadable scenario, 70 internal error,\n"
             "73 output directory not writable, 130 interrupted (partial results written, status \"interrupted\").");

  cli::RunOptions run;
  auto* run_cmd = app.add_subcommand("run", "Simulate one scenario and write its results");
  run_cmd->add_option("scenario", run.scenario_path, "Scenario file (JSON; see scenarios/README.md)")->required();
  run_cmd->add_option("--seed", run.seed, "Seed for every random stream (overrides the scenario's \"seed\")")
      ->check(CLI::NonNegativeNumber);
  run_cmd->add_option("--out", run.out_dir, "Output directory (default: results/<scenario name>/seed-<seed>)");
  run_cmd->add_flag("--quiet,-q", run.quiet, "Print nothing but errors");
  run_cmd->add_option("--perf-out", run.perf_out, "Also write wall time and memory use to this file")
      ->group("");  // internal: used by `bench`

  cli::BenchOptions bench;
  bench.scenarios = {"scenarios/steady.json", "scenarios/stampede.json"};
  auto* bench_cmd = app.add_subcommand("bench", "Measure simulated requests per wall-second on the canonical scenarios");
  bench_cmd->add_option("scenarios", bench.scenarios, "Scenario files to measure")->capture_default_str();
  bench_cmd->add_option("--repeats", bench.repeats, "Runs per scenario; the fastest is reported")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? cli::kExitOk : cli::kExitUsage;
  }
  try {
    if (*run_cmd) {
      run.command_line.assign(argv, argv + argc);
      return cli::run_command(run);
    }
    bench.self_path = std::filesystem::canonical("/proc/self/exe").string();
    return cli::bench_command(bench);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "cachestorm: internal error: %s\n", error.what());
    return cli::kExitInternal;
  }
}
