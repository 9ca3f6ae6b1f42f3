// SLO assertions on a run's results: --assert 'latency_s.p99<0.2' --assert 'requests.errors<=0'.
// Grammar: METRIC OP NUMBER, where METRIC is a summary metric name (analysis::summary_metric_names:
// key paths of summary.json) and OP one of <, <=, >, >=. A single run is judged on the metric's
// value; a run of several replications on the side of its 95 % interval that must hold the bound
// (ci_high for < and <=, ci_low for > and >=), so a pass means the interval clears the SLO. A
// metric without a value (a quantile with no successful response) fails. A failed assertion
// makes the command exit kExitAssertionFailed (run/exit_codes.hpp) after its results are written.
// With --hold-in P, a replicated run judges instead the share of replications that meet each
// assertion (analysis/share_verdict.hpp): it passes only when that share is at least P at 95 %
// confidence ("met"); "broken" and "undecided" fail, and the count that broke it is reported.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/share_verdict.hpp"

namespace cachestorm::analysis {

class AssertionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Assertion {
  std::string text;
  std::string metric;
  std::string op;  // "<", "<=", ">", ">="
  double bound = 0.0;
};

struct AssertionResult {
  Assertion assertion;
  std::optional<double> value;  // what was compared with the bound
  std::string judged_on;        // "value", "ci_high", "ci_low" or "share of replications"
  bool passed = false;
  std::optional<ShareVerdict> share;  // with --hold-in (value: the share's lower bound)
};

// Throws AssertionError naming the problem (a metric name not in valid_metrics lists the valid
// ones, with per-shard names shown once as cache.shards.<0-N>.x). valid_metrics: by default
// analysis::summary_metric_names() (no shards, no key classes).
Assertion parse_assertion(const std::string& text, const std::vector<std::string>& valid_metrics);
Assertion parse_assertion(const std::string& text);

// Judges against a single run's summary.json, or a replicated run's (with "metrics").
std::vector<AssertionResult> evaluate_assertions(const std::vector<Assertion>& assertions, const nlohmann::json& summary);

// Judges each assertion on every replication's own summary; passes when at least `hold_in` of
// incidents meet it at 95 % confidence. REQUIRES: summaries not empty, 0 < hold_in <= 1.
std::vector<AssertionResult> evaluate_in_share(const std::vector<Assertion>& assertions,
                                              const std::vector<nlohmann::json>& summaries, double hold_in);

// Whether `value` satisfies `op bound` ("<", "<=", ">", ">=").
bool holds(double value, const std::string& op, double bound);

nlohmann::json assertions_json(const std::vector<AssertionResult>& results);

}  // namespace cachestorm::analysis
