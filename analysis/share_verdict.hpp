// Whether an SLO holds in a required share of incidents, judged from replications: k of n
// replications met it, and the true share p (the chance that one more incident meets it) is
// bounded by the exact (Clopper-Pearson) one-sided 95 % bounds from the binomial distribution:
//   low  = the a-quantile of Beta(k, n - k + 1)     (0 when k = 0)
//   high = the (1 - a)-quantile of Beta(k + 1, n - k) (1 when k = n),   a = 1 - confidence
// [Clopper & Pearson, Biometrika 26 (1934); the Beta quantiles from Boost.Math]. The verdict is
// "met" when low >= required, "broken" when high < required, and "undecided" otherwise: more
// replications would tell (with every one meeting it, n >= ln(1 - confidence) / ln(required) are
// needed: 29 for 0.9, 59 for 0.95). Pure arithmetic.
#pragma once
#include <cstddef>
#include <string>

namespace cachestorm::analysis {

struct ShareVerdict {
  size_t met = 0;        // replications that met the SLO
  size_t n = 0;          // replications judged
  double required = 0;   // the share that must meet it
  double low = 0, high = 1;  // one-sided confidence bounds on the true share
  std::string verdict;   // "met", "broken" or "undecided"
};

// REQUIRES: met <= n, n >= 1, 0 < required <= 1, 0.5 < confidence < 1.
ShareVerdict judge_share(size_t met, size_t n, double required, double confidence = 0.95);

// The fewest replications, all meeting the SLO, that prove `required` at `confidence`.
size_t replications_to_prove(double required, double confidence = 0.95);

}  // namespace cachestorm::analysis
