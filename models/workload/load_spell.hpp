// A load spell: every arrival process's rate multiplied by `factor` over [from_s, to_s) (to_s
// infinite: to the end of the run), as a "load_spike" fault (models/faults/load_spike.cpp) asks.
// SpelledProfile is the rate profile of a process under one spell: its own profile's rate r(t)
// (or its constant base rate) times the spell's factor inside the spell. Integral and inverse stay
// exact in closed form, so Poisson arrivals under spells are still an exact non-homogeneous
// Poisson process (models/workload/rate_profile.hpp). Spells nest: each wraps the profile before it.
#pragma once
#include <memory>

#include "models/workload/rate_profile.hpp"

namespace cachestorm::models {

struct LoadSpell {
  double from_s = 0.0;
  double to_s = 0.0;    // > from_s; infinity: no end
  double factor = 1.0;  // > 0
};

class SpelledProfile final : public RateProfile {
 public:
  // `inner`: the process's profile, already bound (null: the constant base_rate).
  SpelledProfile(std::unique_ptr<RateProfile> inner, double base_rate, const LoadSpell& spell);
  void bind(double) override {}  // bound at construction
  double rate(double t) const override;
  // R'(t) = R(t) + (f − 1)·(R(clamp(t, from, to)) − R(from)), R the inner integral.
  double integral(double t) const override;
  // The inverse of R', piece by piece: before the spell R⁻¹(y); inside it R⁻¹(R(from) + (y −
  // R(from))/f); after it R⁻¹(y − (f − 1)·(R(to) − R(from))).
  double time_of(double y) const override;

 private:
  double inner_integral(double t) const { return inner_ ? inner_->integral(t) : base_rate_ * t; }
  double inner_time_of(double y) const { return inner_ ? inner_->time_of(y) : y / base_rate_; }
  std::unique_ptr<RateProfile> inner_;
  double base_rate_;
  LoadSpell spell_;
  double before_;  // R(from)
  double inside_;  // R(to) − R(from) (infinity without an end)
};

}  // namespace cachestorm::models
