#include "analysis/share_verdict.hpp"

#include <boost/math/special_functions/beta.hpp>
#include <cmath>

namespace cachestorm::analysis {

ShareVerdict judge_share(size_t met, size_t n, double required, double confidence) {
  ShareVerdict v;
  v.met = met;
  v.n = n;
  v.required = required;
  const double a = 1.0 - confidence;
  const auto k = static_cast<double>(met), total = static_cast<double>(n);
  v.low = met == 0 ? 0.0 : boost::math::ibeta_inv(k, total - k + 1.0, a);
  v.high = met == n ? 1.0 : boost::math::ibeta_inv(k + 1.0, total - k, 1.0 - a);
  v.verdict = v.low >= required ? "met" : v.high < required ? "broken" : "undecided";
  return v;
}

size_t replications_to_prove(double required, double confidence) {
  if (required >= 1.0) return SIZE_MAX;  // no finite count proves every incident
  // All n meeting it: low = a^(1/n) >= required  <=>  n >= ln(a) / ln(required).
  return static_cast<size_t>(std::ceil(std::log(1.0 - confidence) / std::log(required) - 1e-12));
}

}  // namespace cachestorm::analysis
