#include "models/workload/load_spell.hpp"

#include <cmath>
#include <limits>

namespace cachestorm::models {

SpelledProfile::SpelledProfile(std::unique_ptr<RateProfile> inner, double base_rate, const LoadSpell& spell)
    : inner_(std::move(inner)), base_rate_(base_rate), spell_(spell) {
  before_ = inner_integral(spell_.from_s);
  inside_ = std::isinf(spell_.to_s) ? std::numeric_limits<double>::infinity() : inner_integral(spell_.to_s) - before_;
}

double SpelledProfile::rate(double t) const {
  const double r = inner_ ? inner_->rate(t) : base_rate_;
  return t >= spell_.from_s && t < spell_.to_s ? r * spell_.factor : r;
}

double SpelledProfile::integral(double t) const {
  const double r = inner_integral(t);
  if (t <= spell_.from_s) return r;
  const double within = t < spell_.to_s ? r - before_ : inside_;
  return r + (spell_.factor - 1.0) * within;
}

double SpelledProfile::time_of(double y) const {
  if (y <= before_) return inner_time_of(y);
  const double spell_end = before_ + spell_.factor * inside_;
  if (y <= spell_end) return inner_time_of(before_ + (y - before_) / spell_.factor);
  return inner_time_of(y - (spell_.factor - 1.0) * inside_);
}

}  // namespace cachestorm::models
