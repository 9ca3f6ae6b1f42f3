// How `cachestorm plan` judges a value of its axis for one variant: it loads the scenario with the
// value set (validated like a run's), runs the replications it lacks (kept in the plan's store
// beside the output, so a rerun resumes), and judges every --assert on them (plan_command.hpp says
// how). Also the plan's output files. One per plan; not thread-safe.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "analysis/assertions.hpp"
#include "analysis/report_windows.hpp"
#include "run/exit_codes.hpp"
#include "run/output_dir.hpp"
#include "run/plan_search.hpp"
#include "run/replication_store.hpp"
#include "run/variants.hpp"

namespace cachestorm::run {

// A plan as the command line describes it.
struct PlanOptions {
  std::string scenario_path;
  std::string axis;                     // "PATH=LOW:HIGH"
  std::vector<std::string> assertions;  // at least one
  std::optional<double> hold_in;
  bool largest = false;
  std::vector<std::string> variants;    // "NAME: a=1; b=2"
  std::vector<std::string> overrides;
  std::optional<int64_t> seed;
  uint32_t replications = 10;
  uint32_t max_replications = 40;
  uint32_t jobs = 1;
  double warmup_s = 0.0;
  std::vector<std::string> windows;
  std::optional<std::string> out_dir;   // default: results/plan-<name>/seed-<seed>
  std::optional<uint64_t> memory_limit_mb;
  bool quiet = false;
  std::vector<std::string> command_line;
};

class PlanJudge {
 public:
  // Checks everything that can be checked before simulating. Throws std::invalid_argument (64) or
  // Failure.
  PlanJudge(const PlanOptions& options, std::string path, std::vector<NamedRequest> variants);

  run::Judgement judge(size_t variant, double value, uint32_t replications);
  // plan.json's block of a variant: its outcome, answer, headroom and every value judged.
  nlohmann::json variant_json(size_t variant, const run::SearchResult& result) const;
  // Writes plan.json, plan.csv and manifest.json. Throws Failure(kExitCannotWrite) if it cannot.
  void publish(const nlohmann::json& variants) const;

  const std::string& scenario_name() const { return name_; }
  const std::string& out_dir() const { return out_dir_; }
  std::string slo_text() const;
  std::function<bool()> should_stop;

 private:
  struct Evaluated {
    uint32_t id;  // its slots in the store: id * 10000 + replication
    LoadedScenario loaded;
    nlohmann::json evidence;
  };
  Evaluated& evaluated(size_t variant, double value);
  nlohmann::json value_json(double value) const;

  const PlanOptions& options_;
  std::string path_, name_, out_dir_;
  std::vector<NamedRequest> variants_;
  std::vector<analysis::Assertion> assertions_;
  std::vector<analysis::ReportWindow> windows_;
  std::optional<ResultDir> out_;
  std::optional<ReplicationStore> store_;
  std::map<std::pair<size_t, double>, Evaluated> evaluated_;
};

}  // namespace cachestorm::run
