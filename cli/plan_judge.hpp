// How `cachestorm plan` judges a value of its axis for one variant: it loads the scenario with the
// value set (validated like a run's), runs the replications it lacks (kept in the plan's store
// beside the output, so a rerun resumes), and judges every --assert on them (plan_command.hpp says
// how). Also the plan's output files. One per plan; not thread-safe.
#pragma once
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/report_windows.hpp"
#include "cli/assertions.hpp"
#include "cli/output_dir.hpp"
#include "cli/plan_command.hpp"
#include "cli/replication_store.hpp"
#include "cli/variants.hpp"
#include "run/plan_search.hpp"

namespace cachestorm::cli {

// The plan cannot go on: a value's scenario is refused, a replication failed or was interrupted.
struct PlanRefusal : std::runtime_error {
  PlanRefusal(int code, const std::string& message) : std::runtime_error(message), exit_code(code) {}
  int exit_code;
};

class PlanJudge {
 public:
  // Checks everything that can be checked before simulating. Throws std::invalid_argument (64) or
  // PlanRefusal.
  PlanJudge(const PlanOptions& options, std::string path, std::vector<NamedRequest> variants);

  run::Judgement judge(size_t variant, double value, uint32_t replications);
  // plan.json's block of a variant: its outcome, answer, headroom and every value judged.
  nlohmann::json variant_json(size_t variant, const run::SearchResult& result) const;
  // Writes plan.json, plan.csv and manifest.json; false (the reason printed) if it could not.
  bool publish(const nlohmann::json& variants) const;

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
  std::vector<Assertion> assertions_;
  std::vector<analysis::ReportWindow> windows_;
  std::optional<ResultDir> out_;
  std::optional<ReplicationStore> store_;
  std::map<std::pair<size_t, double>, Evaluated> evaluated_;
};

}  // namespace cachestorm::cli
