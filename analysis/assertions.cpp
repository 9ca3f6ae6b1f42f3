#include "analysis/assertions.hpp"

#include <algorithm>
#include <cstdlib>

#include "analysis/replication_report.hpp"
#include "analysis/run_report.hpp"

namespace cachestorm::analysis {
namespace {

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// The metric's value in a single run's summary; empty if absent or null.
std::optional<double> value_at(const nlohmann::json& summary, const std::string& metric) {
  for (const auto& m : flatten_summary(summary))
    if (m.name == metric) return m.value;
  return std::nullopt;
}

// How a valid name is listed: per-shard names once, as cache.shards.<0-N>.x (empty for shards
// after the first); other names as they are.
std::string shard_pattern(const std::string& name, const std::vector<std::string>& names) {
  const size_t at = name.find("cache.shards.");
  if (at == std::string::npos || (at > 0 && name[at - 1] != '.')) return name;
  const std::string prefix = name.substr(0, at + 13);  // "cache.shards." or "windows.incident.cache.shards."

  const size_t dot = name.find('.', prefix.size());
  if (name.compare(prefix.size(), dot - prefix.size(), "0") != 0) return {};
  size_t last = 0;
  while (std::find(names.begin(), names.end(), prefix + std::to_string(last + 1) + name.substr(dot)) != names.end())
    ++last;
  if (last == 0) return name;
  std::string shown = prefix;
  return shown.append("<0-").append(std::to_string(last)).append(">").append(name.substr(dot));
}


}  // namespace

bool holds(double value, const std::string& op, double bound) {
  if (op == "<") return value < bound;
  if (op == "<=") return value <= bound;
  if (op == ">") return value > bound;
  return value >= bound;
}

Assertion parse_assertion(const std::string& text) { return parse_assertion(text, summary_metric_names()); }

Assertion parse_assertion(const std::string& text, const std::vector<std::string>& names) {
  const auto at = text.find_first_of("<>");
  if (at == std::string::npos)
    throw AssertionError("--assert \"" + text + "\": no comparison; write METRIC<NUMBER (or <=, >, >=)");
  Assertion assertion{text, trim(text.substr(0, at)), text.substr(at, 1), 0.0};
  size_t value_at_index = at + 1;
  if (value_at_index < text.size() && text[value_at_index] == '=') {
    assertion.op += "=";
    ++value_at_index;
  }
  const std::string number = trim(text.substr(value_at_index));
  char* end = nullptr;
  assertion.bound = std::strtod(number.c_str(), &end);
  if (number.empty() || end != number.c_str() + number.size())
    throw AssertionError("--assert \"" + text + "\": \"" + number + "\" is not a number");
  if (std::find(names.begin(), names.end(), assertion.metric) == names.end()) {
    std::string valid;
    for (const auto& name : names) {
      const std::string shown = shard_pattern(name, names);
      if (shown.empty()) continue;
      if (!valid.empty()) valid += ", ";
      valid += shown;
    }
    throw AssertionError("--assert \"" + text + "\": unknown metric \"" + assertion.metric + "\"; valid metrics: " + valid);
  }
  return assertion;
}

std::vector<AssertionResult> evaluate_assertions(const std::vector<Assertion>& assertions, const nlohmann::json& summary) {
  std::vector<AssertionResult> results;
  const bool replicated = summary.contains("metrics");
  for (const Assertion& assertion : assertions) {
    AssertionResult result{assertion, std::nullopt, "value", false, std::nullopt};
    if (replicated) {
      result.judged_on = assertion.op[0] == '<' ? "ci_high" : "ci_low";
      const auto& metrics = summary["metrics"];
      if (metrics.contains(assertion.metric)) result.value = metrics[assertion.metric][result.judged_on].get<double>();
    } else {
      result.value = value_at(summary, assertion.metric);
    }
    result.passed = result.value.has_value() && holds(*result.value, assertion.op, assertion.bound);
    results.push_back(result);
  }
  return results;
}

std::vector<AssertionResult> evaluate_in_share(const std::vector<Assertion>& assertions,
                                              const std::vector<nlohmann::json>& summaries, double hold_in) {
  std::vector<AssertionResult> results;
  for (const Assertion& assertion : assertions) {
    size_t met = 0;
    for (const auto& summary : summaries) {
      const auto value = value_at(summary, assertion.metric);  // no value: the SLO was not met
      met += value.has_value() && holds(*value, assertion.op, assertion.bound) ? 1 : 0;
    }
    AssertionResult result{assertion, std::nullopt, "share of replications", false, std::nullopt};
    result.share = judge_share(met, summaries.size(), hold_in);
    result.value = result.share->low;
    result.passed = result.share->verdict == "met";
    results.push_back(result);
  }
  return results;
}

nlohmann::json assertions_json(const std::vector<AssertionResult>& results) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : results) {
    nlohmann::json entry = {{"assert", r.assertion.text},
                            {"judged_on", r.judged_on},
                            {"value", r.value ? nlohmann::json(*r.value) : nlohmann::json(nullptr)},
                            {"passed", r.passed}};
    if (r.share) {
      entry["hold_in"] = r.share->required;
      entry["replications_met"] = r.share->met;
      entry["replications_broke"] = r.share->n - r.share->met;
      entry["share_low"] = r.share->low;
      entry["share_high"] = r.share->high;
      entry["verdict"] = r.share->verdict;
    }
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace cachestorm::analysis
