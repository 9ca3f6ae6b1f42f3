#include "cli/assertion_report.hpp"

#include <cstdio>

#include "run/exit_codes.hpp"

namespace cachestorm::cli {

namespace {

// "undecided: 9 of 10 replications met it (1 broke it); ..." for a share verdict.
std::string share_text(const analysis::ShareVerdict& v) {
  char text[400];
  const size_t broke = v.n - v.met;
  if (v.verdict == "met") {
    std::snprintf(text, sizeof text, "met: %zu of %zu replications met it (%zu broke it); at 95%% confidence at least "
                  "%.3f of incidents do, --hold-in %g", v.met, v.n, broke, v.low, v.required);
  } else if (v.verdict == "broken") {
    std::snprintf(text, sizeof text, "broken: %zu of %zu replications met it (%zu broke it); at 95%% confidence at most "
                  "%.3f of incidents do, below --hold-in %g", v.met, v.n, broke, v.high, v.required);
  } else {
    std::snprintf(text, sizeof text, "undecided: %zu of %zu replications met it (%zu broke it); at 95%% confidence "
                  "%.3f to %.3f of incidents do, and --hold-in %g lies between: more replications decide",
                  v.met, v.n, broke, v.low, v.high, v.required);
  }
  std::string out = text;
  if (v.verdict == "undecided" && v.required < 1.0)
    out += " (" + std::to_string(analysis::replications_to_prove(v.required)) + " if every one meets it)";
  return out;
}

}  // namespace

int report_assertions(int code, const std::vector<AssertionResult>& judged, bool quiet) {
  bool all_passed = true;
  for (const auto& r : judged) {
    all_passed = all_passed && r.passed;
    if (quiet && r.passed) continue;
    if (r.share) {
      std::fprintf(r.passed ? stdout : stderr, "  assert %-30s %s (%s)\n", r.assertion.text.c_str(),
                   r.passed ? "passed" : "FAILED", share_text(*r.share).c_str());
      continue;
    }
    std::fprintf(r.passed ? stdout : stderr, "  assert %-30s %s (%s %s)\n", r.assertion.text.c_str(),
                 r.passed ? "passed" : "FAILED", r.judged_on.c_str(),
                 r.value ? std::to_string(*r.value).c_str() : "has no value");
  }
  return code == kExitOk && !all_passed ? kExitAssertionFailed : code;
}

}  // namespace cachestorm::cli
