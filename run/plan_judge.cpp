#include "run/plan_judge.hpp"

#include <cmath>

#include "analysis/replication_report.hpp"
#include "analysis/failover_report.hpp"
#include "analysis/run_report.hpp"
#include "analysis/share_verdict.hpp"
#include "run/exit_codes.hpp"
#include "run/replications.hpp"
#include "sim/build_info.hpp"

namespace cachestorm::run {
namespace {

// One assertion on the replications' statistics: met when the interval's side that must hold the
// bound does, broken when its other side does not either (the whole interval is beyond it).
nlohmann::json judge_on_interval(const analysis::Assertion& a, const nlohmann::json& metrics) {
  nlohmann::json out = {{"assert", a.text}, {"verdict", "broken"}, {"mean", nullptr}, {"ci_low", nullptr}, {"ci_high", nullptr}};
  if (!metrics.contains(a.metric) || !metrics[a.metric]["mean"].is_number()) return out;  // no value: not met
  const auto& m = metrics[a.metric];
  out["mean"] = m["mean"];
  out["ci_low"] = m["ci_low"];
  out["ci_high"] = m["ci_high"];
  const bool below = a.op[0] == '<';
  const double near = (below ? m["ci_high"] : m["ci_low"]).get<double>(), far = (below ? m["ci_low"] : m["ci_high"]).get<double>();
  out["verdict"] = analysis::holds(near, a.op, a.bound) ? "met" : analysis::holds(far, a.op, a.bound) ? "undecided" : "broken";
  return out;
}

nlohmann::json judge_on_share(const analysis::Assertion& a, const std::vector<nlohmann::json>& summaries, double hold_in) {
  const auto judged = analysis::evaluate_in_share({a}, summaries, hold_in).front();
  return {{"assert", a.text}, {"verdict", judged.share->verdict}, {"replications_met", judged.share->met},
          {"share_low", judged.share->low}, {"share_high", judged.share->high}};
}

}  // namespace

PlanJudge::PlanJudge(const PlanOptions& options, std::string path, std::vector<NamedRequest> variants)
    : options_(options), path_(std::move(path)), variants_(std::move(variants)) {
  if (options.assertions.empty())
    throw std::invalid_argument("plan needs at least one --assert: the SLO the answer must meet");
  LoadedScenario base;
  if (const auto refusal = load_scenario(variants_.front().request, base)) throw Failure(refusal->exit_code, refusal->message);
  name_ = base.scenario.name;
  for (const auto& text : options.windows) windows_.push_back(analysis::parse_window_option(text, base.scenario.duration_s));
  const auto all_windows = analysis::joined_windows(analysis::scenario_windows(base.scenario.resolved), windows_);
  std::vector<std::string> classes;
  for (const auto& key_class : base.scenario.workload.key_classes) classes.push_back(key_class.name);
  const auto valid = analysis::summary_metric_names(base.scenario.cache.enabled ? base.scenario.cache.nodes : 0, classes,
                                                    analysis::incidents_of(base.scenario.resolved),
                                                    analysis::writing_classes_of(base.scenario.resolved),
                                                    analysis::staleness_budgets_of(base.scenario.resolved), all_windows,
                                                    analysis::failover_faults_of(base.scenario.resolved),
                                                    base.scenario.cache.replicas_per_shard);
  try {
    for (const auto& text : options.assertions) assertions_.push_back(analysis::parse_assertion(text, valid));
  } catch (const analysis::AssertionError& error) {
    throw std::invalid_argument(error.what());
  }
  for (auto& variant : variants_) variant.request.seed = base.scenario.seed;  // common random numbers
  // Both ends of the range for every variant, so a path or value the scenario refuses is named now.
  const size_t equals = options.axis.find('='), colon = options.axis.find(':', equals);
  for (const std::string& end : {options.axis.substr(equals + 1, colon - equals - 1), options.axis.substr(colon + 1)}) {
    for (const auto& variant : variants_) {
      ScenarioRequest request = variant.request;
      request.overrides.push_back(path_ + "=" + end);
      LoadedScenario loaded;
      if (const auto refusal = load_scenario(request, loaded))
        throw Failure(refusal->exit_code, "variant " + variant.name + ", " + path_ + "=" + end + ": " + refusal->message);
    }
  }
  out_dir_ = options.out_dir.value_or("results/plan-" + name_ + "/seed-" + std::to_string(base.scenario.seed));
  try {
    out_.emplace(ResultDir::prepare(out_dir_));
    nlohmann::json identity = {{"scenario", base.scenario.resolved}, {"axis", options.axis},
                               {"assertions", options.assertions}, {"largest", options.largest},
                               {"hold_in", options.hold_in ? nlohmann::json(*options.hold_in) : nlohmann::json()},
                               {"replications", options.replications}, {"max_replications", options.max_replications},
                               {"warmup_s", options.warmup_s}, {"windows", options.windows},
                               {"variants", options.variants}, {"overrides", options.overrides},
                               {"cachestorm_version", sim::cachestorm_version()}, {"git_commit", sim::cachestorm_git_commit()}};
    store_.emplace(ReplicationStore::open(out_->target(), ".plan", identity.dump()));
  } catch (const OutputError& error) {
    throw Failure(kExitCannotWrite, error.what());
  }
}

nlohmann::json PlanJudge::value_json(double value) const {
  const bool integral = value == std::floor(value) && options_.axis.find_first_of(".eE", options_.axis.find('=')) == std::string::npos;
  return integral ? nlohmann::json(static_cast<int64_t>(value)) : nlohmann::json(value);
}

PlanJudge::Evaluated& PlanJudge::evaluated(size_t variant, double value) {
  const auto key = std::make_pair(variant, value);
  if (auto found = evaluated_.find(key); found != evaluated_.end()) return found->second;
  ScenarioRequest request = variants_[variant].request;
  request.overrides.push_back(path_ + "=" + value_json(value).dump());
  Evaluated e{static_cast<uint32_t>(evaluated_.size()), {}, {}};
  if (const auto refusal = load_scenario(request, e.loaded))
    throw Failure(refusal->exit_code, "variant " + variants_[variant].name + ", " + path_ + "=" +
                                              value_json(value).dump() + ": " + refusal->message);
  return evaluated_.emplace(key, std::move(e)).first->second;
}

run::Judgement PlanJudge::judge(size_t variant, double value, uint32_t replications) {
  Evaluated& e = evaluated(variant, value);
  run::RunControl control;
  control.should_stop = should_stop;
  control.max_in_flight = e.loaded.in_flight_limit;
  control.warmup_s = options_.warmup_s;
  control.spill_dir = out_->scratch_dir();
  control.windows = windows_;
  std::vector<ReplicationTask> tasks;
  for (uint32_t r = 0; r < replications; ++r) tasks.push_back({&e.loaded.scenario, r, e.id * 10000 + r, control});
  const auto outcomes = run_tasks(tasks, options_.jobs, *store_, should_stop);
  const ReplicationResults results = gather(outcomes, tasks, 0, tasks.size());
  if (results.failed || results.status != "complete")
    throw Failure(incomplete_exit_code(results),
                      path_ + "=" + value_json(value).dump() + " did not complete (" + results.status + ")" +
                          (results.status == "interrupted" ? "; finished replications are kept: the same command resumes" : ""));
  const nlohmann::json metrics = analysis::replication_summary_json(results.summaries)["metrics"];
  nlohmann::json asserts = nlohmann::json::array();
  bool any_broken = false, all_met = true;
  for (const analysis::Assertion& a : assertions_) {
    asserts.push_back(options_.hold_in ? judge_on_share(a, results.summaries, *options_.hold_in) : judge_on_interval(a, metrics));
    any_broken = any_broken || asserts.back()["verdict"] == "broken";
    all_met = all_met && asserts.back()["verdict"] == "met";
  }
  const run::Verdict verdict = any_broken ? run::Verdict::kBroken : all_met ? run::Verdict::kMet : run::Verdict::kUndecided;
  const auto& origin = e.loaded.scenario.origin;
  const double capacity = origin.connections / origin.service_s->mean();
  const auto& peak = metrics["origin.queries_arrived_peak_per_s"];
  e.evidence = {{"value", value_json(value)}, {"replications", replications}, {"verdict", run::verdict_name(verdict)},
                {"assertions", asserts}, {"origin_capacity_per_s", capacity},
                {"origin_demand_peak_per_s", peak["mean"]}};
  return {verdict, e.evidence};
}

nlohmann::json PlanJudge::variant_json(size_t variant, const run::SearchResult& result) const {
  nlohmann::json judged = nlohmann::json::array();
  for (const auto& [value, entry] : result.judged) judged.push_back(entry.second.evidence);
  const auto opt = [this](const std::optional<double>& v) { return v ? value_json(*v) : nlohmann::json(); };
  nlohmann::json out = {{"variant", variants_[variant].name}, {"overrides", variants_[variant].request.overrides},
                        {"outcome", result.outcome}, {"answer", opt(result.answer)},
                        {"proved_met", opt(result.proved_met)}, {"proved_broken", opt(result.proved_broken)},
                        {"headroom", nullptr}, {"judged", judged}};
  if (result.answer) {
    const auto& evidence = result.judged.at(*result.answer).second.evidence;
    const auto& peak = evidence["origin_demand_peak_per_s"];
    if (peak.is_number() && peak.get<double>() > 0)
      out["headroom"] = evidence["origin_capacity_per_s"].get<double>() / peak.get<double>();
  }
  return out;
}

std::string PlanJudge::slo_text() const {
  std::string text;
  for (const auto& a : assertions_) text += (text.empty() ? "" : " and ") + a.text;
  if (options_.hold_in) text += " in at least " + analysis::format_number(*options_.hold_in) + " of incidents";
  return text;
}

void PlanJudge::publish(const nlohmann::json& variants) const {
  std::string csv = "variant,value,replications,verdict,assert,assert_verdict,mean,ci_low,ci_high\n";
  const auto cell = [](const nlohmann::json& v) { return v.is_number() ? analysis::format_number(v.get<double>()) : std::string(); };
  for (const auto& v : variants)
    for (const auto& e : v["judged"])
      for (const auto& a : e["assertions"])
        csv += v["variant"].get<std::string>() + "," + e["value"].dump() + "," + e["replications"].dump() + "," +
               e["verdict"].get<std::string>() + ",\"" + a["assert"].get<std::string>() + "\"," +
               a["verdict"].get<std::string>() + "," + cell(a.value("mean", nlohmann::json())) + "," +
               cell(a.value("ci_low", nlohmann::json())) + "," + cell(a.value("ci_high", nlohmann::json())) + "\n";
  const nlohmann::json plan = {{"scenario", name_}, {"axis", options_.axis}, {"largest", options_.largest},
                               {"assertions", options_.assertions},
                               {"hold_in", options_.hold_in ? nlohmann::json(*options_.hold_in) : nlohmann::json()},
                               {"replications", options_.replications}, {"max_replications", options_.max_replications},
                               {"variants", variants}};
  const nlohmann::json manifest = {{"cachestorm_version", sim::cachestorm_version()},
                                   {"git_commit", sim::cachestorm_git_commit()},
                                   {"simgrid_version", sim::simgrid_version()},
                                   {"command_line", options_.command_line}};
  try {
    out_->publish({{"plan.json", plan.dump(2) + "\n"}, {"plan.csv", csv}, {"manifest.json", manifest.dump(2) + "\n"}});
  } catch (const OutputError& error) {
    throw Failure(kExitCannotWrite, error.what());
  }
  store_->discard();
}

}  // namespace cachestorm::run
