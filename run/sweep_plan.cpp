#include "run/sweep_plan.hpp"

#include "run/exit_codes.hpp"
#include "sim/build_info.hpp"
#include "sim/sha256.hpp"

namespace cachestorm::run {
namespace {

std::vector<run::SweepPoint> design_of(const SweepOptions& options, const std::vector<run::SweepAxis>& axes, int64_t seed) {
  if (options.design == "grid") {
    if (options.points != 0) throw std::invalid_argument("--points goes with --design lhs (a grid has every combination)");
    size_t count = 1;
    for (const auto& axis : axes) count *= axis.values.size();
    if (count > 100000) throw std::invalid_argument("the grid has " + std::to_string(count) + " points; at most 100000");
    return run::grid_design(axes);
  }
  if (options.points == 0) throw std::invalid_argument("--design lhs needs --points N (how many points to draw)");
  return run::latin_hypercube(axes, options.points, static_cast<uint64_t>(seed));
}

std::string point_text(const std::vector<std::string>& assignments) {
  std::string text;
  for (const auto& a : assignments) text += (text.empty() ? "" : ", ") + a;
  return text;
}

}  // namespace

SweepPlan plan_sweep(const SweepOptions& options) {
  SweepPlan plan;
  if (options.axes.empty()) throw std::invalid_argument("a sweep needs at least one --axis PATH=SPEC");
  for (const auto& text : options.axes) plan.axes.push_back(run::parse_axis(text));
  for (size_t a = 0; a < plan.axes.size(); ++a)
    for (size_t b = 0; b < a; ++b)
      if (plan.axes[a].path == plan.axes[b].path)
        throw std::invalid_argument("--axis " + plan.axes[a].path + " is given twice");
  LoadedScenario base;
  const ScenarioRequest request{options.scenario_path, options.seed, options.overrides, options.memory_limit_mb,
                                options.jobs};
  if (const auto refusal = load_scenario(request, base)) throw Failure(refusal->exit_code, refusal->message);
  plan.base_name = base.scenario.name;
  plan.seed = base.scenario.seed;
  plan.replications = options.replications;
  for (const auto& text : options.windows)
    plan.windows.push_back(analysis::parse_window_option(text, base.scenario.duration_s));
  plan.points = design_of(options, plan.axes, plan.seed);
  nlohmann::json resolved = nlohmann::json::array();
  for (size_t p = 0; p < plan.points.size(); ++p) {
    ScenarioRequest point = request;
    const auto assignments = run::assignments(plan.axes, plan.points[p]);
    point.overrides.insert(point.overrides.end(), assignments.begin(), assignments.end());
    point.seed = plan.seed;  // common random numbers: every point on the same streams
    LoadedScenario loaded;
    if (const auto refusal = load_scenario(point, loaded))
      throw Failure(refusal->exit_code, "point " + std::to_string(p) + " (" + point_text(assignments) + "): " +
                                                 refusal->message);
    if (options.warmup_s >= loaded.scenario.duration_s)
      throw std::invalid_argument("--warmup: must be less than duration_s of point " + std::to_string(p));
    analysis::joined_windows(analysis::scenario_windows(loaded.scenario.resolved), plan.windows);  // names clash?
    resolved.push_back(loaded.scenario.resolved);
    plan.loaded.push_back(std::move(loaded));
  }
  nlohmann::json axes = nlohmann::json::array(), spans = nlohmann::json::array();
  for (const auto& axis : plan.axes) axes.push_back(axis.path);
  for (const auto& w : plan.windows) spans.push_back({w.name, w.from_s, w.to_s});
  const nlohmann::json depends = {{"points", resolved}, {"replications", plan.replications},
                                  {"warmup_s", options.warmup_s}, {"windows", spans},
                                  {"cachestorm_version", sim::cachestorm_version()},
                                  {"git_commit", sim::cachestorm_git_commit()}};
  plan.identity = {{"sweep_sha256", sim::sha256_hex(depends.dump())},
                   {"scenario", plan.base_name},
                   {"seed", plan.seed},
                   {"replications", plan.replications},
                   {"design", options.design},
                   {"axes", axes},
                   {"points_total", plan.points.size()},
                   {"warmup_s", options.warmup_s},
                   {"confidence", 0.95}};
  return plan;
}

std::map<std::string, FileContent> sweep_files(const SweepPlan& plan, const std::vector<analysis::SweepPointResult>& results,
                                               uint32_t shard, uint32_t shards, const std::vector<std::string>& command_line) {
  std::vector<std::string> axes;
  for (const auto& axis : plan.axes) axes.push_back(axis.path);
  nlohmann::json points = nlohmann::json::object(), indices = nlohmann::json::array();
  for (const auto& result : results) {
    points[std::to_string(result.point)] = plan.loaded[result.point].scenario.resolved;
    indices.push_back(result.point);
  }
  const nlohmann::json shard_json = {{"sweep_sha256", plan.identity["sweep_sha256"]}, {"shard", shard},
                                     {"of", shards}, {"points", indices}, {"points_total", plan.points.size()},
                                     {"complete", true}};
  const nlohmann::json manifest = {{"cachestorm_version", sim::cachestorm_version()},
                                   {"git_commit", sim::cachestorm_git_commit()},
                                   {"simgrid_version", sim::simgrid_version()},
                                   {"command_line", command_line},
                                   {"sweep_sha256", plan.identity["sweep_sha256"]},
                                   {"shard", shard},
                                   {"of", shards}};
  return {{"sweep.csv", analysis::sweep_csv(axes, results)},
          {"sweep.json", analysis::sweep_json(plan.identity, axes, results)},
          {"points.json", points.dump(2) + "\n"},
          {"shard.json", shard_json.dump(2) + "\n"},
          {"manifest.json", manifest.dump(2) + "\n"}};
}

}  // namespace cachestorm::run
