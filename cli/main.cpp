// cachestorm: a discrete-event simulator for cache failure modes. This file only reads the
// command line and hands over to the commands in cli/.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/bench_command.hpp"
#include "cli/compare_command.hpp"
#include "cli/redis_check_command.hpp"
#include "cli/run_command.hpp"
#include "cli/sweep_cli.hpp"
#include "cli/report_command.hpp"
#include "cli/validate_command.hpp"
#include "models/scenario.hpp"
#include "run/exit_codes.hpp"
#include "run/file_spill.hpp"
#include "sim/build_info.hpp"

using namespace cachestorm;

namespace {
// --set takes PATH=VALUE; the path itself is checked against the scenario later.
const CLI::Validator kAssignment(
    [](const std::string& text) { return text.find('=') == std::string::npos ? std::string("must be PATH=VALUE") : ""; },
    "PATH=VALUE", "assignment");
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cachestorm: simulate cache failure modes (stampedes, cold starts, cache outages) in a\n"
               "cache-aside system of clients, application instances, cache nodes and an origin database."};
  app.set_version_flag("--version", std::string("cachestorm ") + sim::cachestorm_version() + " (commit " +
                                        sim::cachestorm_git_commit() + ", SimGrid " + sim::simgrid_version() + ")");
  app.require_subcommand(1);
  app.footer("Exit codes: 0 ok, 64 usage, 65 invalid scenario (or too large for the memory budget),\n"
             "66 unreadable scenario, 70 internal error, 73 output directory refused or not writable,\n"
             "75 stopped at the in-flight limit, 99 an --assert failed (results written), 130 interrupted\n"
             "(75 and 130 write partial results).");

  cli::RunOptions run;
  auto* run_cmd = app.add_subcommand("run", "Simulate one scenario and write its results");
  run_cmd->add_option("scenario", run.scenario_path, "Scenario file (JSON; see scenarios/README.md)")->required();
  run_cmd->add_option("--seed", run.seed, "Seed for every random stream (overrides the scenario's \"seed\")")
      ->check(CLI::Validator(cli::check_seed_text, "in [0, 2^63-1]", "seed"));
  run_cmd->add_option("--out", run.out_dir,
                      "Output directory (default: results/<scenario name>/seed-<seed>). Only an empty directory or\n"
                      "a previous cachestorm result is replaced, atomically; see README.md");
  run_cmd->add_flag("--quiet,-q", run.quiet, "Print nothing but errors (and progress if --progress asks for it)");
  run_cmd->add_option("--progress", run.progress,
                      "Progress on stderr: line (one line rewritten: replications done, simulated time, time to go),\n"
                      "jsonl (one JSON object a second, for programs), none, or auto (line on a terminal, else none)")
      ->check(CLI::IsMember({"auto", "line", "jsonl", "none"}))
      ->capture_default_str();
  run_cmd->add_option("--memory-limit-mb", run.memory_limit_mb,
                      "Memory the run may use (default: 90 % of the memory available). A scenario whose key space\n"
                      "cannot fit is refused (exit 65); a run whose requests in flight outgrow the rest stops\n"
                      "cleanly with partial results (exit 75)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  run_cmd->add_option("--set", run.overrides,
                      "Override a scenario value before it is checked, e.g. --set origin.connections=128\n"
                      "--set 'faults[0].at_s=30' (repeatable; the value is JSON, or else a string)")
      ->check(kAssignment);

  run_cmd->add_option("--replications", run.replications,
                      "Independent replications (streams of seed and replication index); > 1 writes each metric's\n"
                      "mean, sd and 95 % Student-t interval (summary.csv) and every replication's values. Finished\n"
                      "replications are kept until the results are written: the same command after Ctrl-C resumes")
      ->check(CLI::Range(1, 10000));
  run_cmd->add_option("--warmup", run.warmup_s,
                      "Seconds at the start left out of the statistics (summary, intervals), kept in the time\n"
                      "series; whole windows starting before it are left out")
      ->check(CLI::NonNegativeNumber);
  run_cmd->add_option("--assert", run.assertions,
                      "SLO check after the run, e.g. --assert 'latency_s.p99<0.2', 'cache.shards.2.utilisation<0.7',\n"
                      "'key_classes.session.hit_ratio>0.9' (summary.json key paths; repeatable; <, <=, >, >=; with\n"
                      "replications the 95 % interval's bound must hold). A failure exits 99, results written");
  run_cmd->add_option("--hold-in", run.hold_in,
                      "With replications: an --assert passes only if at least this share of replications (of\n"
                      "incidents) meets it, at 95 % confidence (exact binomial bound), e.g. --hold-in 0.9; the\n"
                      "replications that broke it are counted. Without it the mean's interval is judged")
      ->check(CLI::Range(1e-9, 1.0));
  run_cmd->add_option("--window", run.windows,
                      "A span reported on its own, [NAME=]FROM:TO in seconds (repeatable), e.g. --window incident=60:90:\n"
                      "summary.json windows.NAME.* holds every statistic over it; --assert names them\n"
                      "('windows.incident.latency_s.p99<0.2'). A scenario's faults define 'incident' themselves");
  run_cmd->add_option("--jobs,-j", run.jobs, "Replications run at once, each in its own process (outputs do not depend on it)")
      ->check(CLI::Range(1, 256));

  cli::ReportOptions report;
  auto* report_cmd = app.add_subcommand("report", "Write the HTML report (charts inline, opens offline) of a result");
  report_cmd->add_option("result", report.result_dir, "A result directory of run (with or without --replications)")
      ->required();
  report_cmd->add_option("-o,--output", report.output, "The HTML file to create (never replaced)")->required();
  report_cmd->add_option("--specs", report.specs_dir, "Also write each chart's Vega-Lite spec into this directory");
  report_cmd->add_option("--svg", report.svg_dir, "Also write each chart as SVG and PNG into this new directory");
  report_cmd->add_flag("--markdown", report.markdown, "With --svg: also write report.md with the chart images");
  cli::ValidateOptions validate;
  auto* validate_cmd = app.add_subcommand("validate", "Check scenarios as run would, without simulating");
  validate_cmd->add_option("scenarios", validate.files, "Scenario files")->required();
  validate_cmd->add_option("--set", validate.overrides, "Override a value in every scenario (as for run)")
      ->check(kAssignment);
  validate_cmd->add_option("--memory-limit-mb", validate.memory_limit_mb, "Memory budget to check against (as for run)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  validate_cmd->add_flag("--print", validate.print_resolved, "Print each resolved scenario (every key, defaults filled in)");
  run_cmd->add_flag("--report", run.report, "Also write report.html (charts, opens offline) beside the results");
  run_cmd->add_option("--perf-out", run.perf_out, "Also write wall time and memory use to this file")
      ->group("");  // internal: used by `bench`

  cli::CompareOptions compare;
  auto* compare_cmd = app.add_subcommand("compare", "Compare variants of a scenario on common random numbers");
  compare_cmd->add_option("scenarios", compare.files, "Scenario file (with --variant), or several files, the first the baseline")
      ->required();
  compare_cmd->add_option("--variant", compare.variants, "A variant: 'NAME: a.b=1; c.d=2' (repeatable)");
  compare_cmd->add_option("--set", compare.overrides, "Override a value in every variant (as for run)")->check(kAssignment);
  compare_cmd->add_option("--seed", compare.seed, "Seed of every variant")
      ->check(CLI::Validator(cli::check_seed_text, "in [0, 2^63-1]", "seed"));
  compare_cmd->add_option("--replications", compare.replications, "Replications per variant")
      ->check(CLI::Range(2, 10000))
      ->capture_default_str();
  compare_cmd->add_option("--jobs,-j", compare.jobs, "Replications run at once")->check(CLI::Range(1, 256));
  compare_cmd->add_option("--warmup", compare.warmup_s, "Seconds left out of the statistics (as for run)")
      ->check(CLI::NonNegativeNumber);
  compare_cmd->add_option("--assert", compare.assertions,
                          "An SLO judged for every variant on its own interval (as for run); a failure exits 99")
      ;
  compare_cmd->add_option("--out", compare.out_dir, "Output directory (default: results/compare-<baseline>/seed-<seed>)");
  compare_cmd->add_option("--memory-limit-mb", compare.memory_limit_mb, "Memory budget (as for run)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  compare_cmd->add_flag("--quiet,-q", compare.quiet, "Print nothing but errors (and progress if --progress asks for it)");
  compare_cmd->add_option("--progress", compare.progress, "Progress on stderr, per variant (as for run)")
      ->check(CLI::IsMember({"auto", "line", "jsonl", "none"}))
      ->capture_default_str();

  cli::SweepOptions sweep;
  auto* sweep_cmd = cli::add_sweep_command(app, sweep);
  cli::MergeOptions merge;
  auto* merge_cmd = cli::add_merge_command(app, merge);
  cli::PlanOptions plan;
  auto* plan_cmd = cli::add_plan_command(app, plan);

  auto* schema_cmd = app.add_subcommand("schema", "Print the JSON Schema of scenario files (also scenarios/schema.json)");

  cli::BenchOptions bench;
  bench.scenarios = cli::canonical_scenarios();
  auto* bench_cmd = app.add_subcommand("bench", "Measure simulated requests per wall-second on the canonical scenarios");
  bench_cmd->add_option("scenarios", bench.scenarios, "Scenario files to measure")->capture_default_str();
  bench_cmd->add_option("--repeats", bench.repeats, "Runs per scenario; the fastest is reported")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();

  cli::RedisCheckOptions check;
  auto* check_cmd = app.add_subcommand(
      "redis-check", "Replay the eviction check's Zipf key stream on a running redis-server as cache-aside\n"
                     "(see scripts/redis_eviction_check.sh); prints one JSON object");
  check_cmd->add_option("--port", check.port, "The server's port on --host (not needed with --write-trace)");
  check_cmd->add_option("--trace", check.trace_path,
                        "Replay this trace file (CSV: key[,t_s][,value_bytes][,op]; scenarios/README.md) instead of\n"
                        "the Zipf stream; without t_s it is paced at --rate");
  check_cmd->add_option("--write-trace", check.write_trace_path,
                        "Write the stream (Zipf, or --trace's) as a trace file with times and stop; a key class with\n"
                        "{\"keys\": {\"type\": \"trace\", \"path\": FILE}} replays it in the simulator");
  check_cmd->add_option("--host", check.host, "The server's address")->capture_default_str();
  check_cmd->add_option("--policy", check.policy, "maxmemory-policy")->capture_default_str();
  check_cmd->add_option("--fraction", check.fraction, "Share of the keys maxmemory holds")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  check_cmd->add_option("--keys", check.stream.keys, "Key ids")->check(CLI::Range(1u, 100'000'000u))->capture_default_str();
  check_cmd->add_option("--alpha", check.stream.alpha, "Zipf exponent")->check(CLI::Range(0.0, 10.0))->capture_default_str();
  check_cmd->add_option("--requests", check.stream.requests, "Requests")
      ->check(CLI::Range(uint64_t{2}, uint64_t{100'000'000}))
      ->capture_default_str();
  check_cmd->add_option("--rate", check.stream.rate_per_s, "Requests per second (paced)")
      ->check(CLI::Range(1.0, 1e6))
      ->capture_default_str();
  check_cmd->add_option("--value-bytes", check.stream.value_bytes, "Value size")
      ->check(CLI::Range(1u, 1'000'000u))
      ->capture_default_str();
  check_cmd->add_option("--seed", check.stream.seed, "Seed of the key stream")->capture_default_str();
  check_cmd->add_option("--batch", check.stream.batch, "GETs pipelined per batch (then the batch's SETs)")
      ->check(CLI::Range(1u, 1000u))
      ->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? cachestorm::kExitOk : cachestorm::kExitUsage;
  }
  try {
    if (*run_cmd) {
      run.command_line.assign(argv, argv + argc);
      return cli::run_command(run);
    }
    if (*validate_cmd) return cli::validate_command(validate);
    if (*report_cmd) return cli::report_command(report);
    if (*compare_cmd) {
      compare.command_line.assign(argv, argv + argc);
      return cli::compare_command(compare);
    }
    if (*sweep_cmd) {
      sweep.command_line.assign(argv, argv + argc);
      return cli::sweep_command(sweep);
    }
    if (*plan_cmd) {
      plan.command_line.assign(argv, argv + argc);
      return cli::plan_command(plan);
    }
    if (*merge_cmd) {
      merge.command_line.assign(argv, argv + argc);
      return cli::merge_command(merge);
    }
    if (*check_cmd) return cli::redis_check_command(check);
    if (*schema_cmd) {
      std::printf("%s\n", models::scenario_schema().dump(2).c_str());
      return cachestorm::kExitOk;
    }
    bench.self_path = std::filesystem::canonical("/proc/self/exe").string();
    return cli::bench_command(bench);
  } catch (const run::SpillError& error) {
    std::fprintf(stderr, "cachestorm: %s; nothing written\n", error.what());
    return cachestorm::kExitCannotWrite;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "cachestorm: out of memory; lower the key count or bound the origin queue, "
                         "or give --memory-limit-mb below what the machine has\n");
    return cachestorm::kExitInternal;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "cachestorm: internal error: %s\n", error.what());
    return cachestorm::kExitInternal;
  }
}
