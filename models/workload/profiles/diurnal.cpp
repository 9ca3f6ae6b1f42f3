// "diurnal": {"period_s": 86400, "amplitude": 0.5, "peak_at_s": 0}: a daily (or any period's)
// cycle around the process's rate λ0: r(t) = λ0 (1 + a cos(2π (t − peak_at_s) / period_s)), with
// 0 <= a <= 1, highest at peak_at_s (+ whole periods), lowest half a period later.
// R(t) = λ0 (t + a P/(2π) (sin(2π (t − p)/P) + sin(2π p/P))); its inverse is found by Newton's
// method inside the bracket R⁻¹(y) ∈ [y/λ0 − aP/π, y/λ0 + aP/π], bisecting when a step leaves it,
// to a relative 10⁻¹³ in time.
#include <cmath>
#include <limits>
#include <numbers>

#include "models/workload/rate_profile.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

class DiurnalProfile final : public RateProfile {
 public:
  DiurnalProfile(double period_s, double amplitude, double peak_at_s)
      : period_s_(period_s), amplitude_(amplitude), peak_at_s_(peak_at_s) {}
  void bind(double base_rate) override { base_ = base_rate; }
  double rate(double t) const override { return base_ * (1.0 + amplitude_ * std::cos(phase(t))); }
  double integral(double t) const override {
    return base_ * (t + amplitude_ * period_s_ / (2.0 * std::numbers::pi) * (std::sin(phase(t)) - std::sin(phase(0.0))));
  }
  double time_of(double y) const override {
    if (y <= 0.0) return 0.0;
    const double centre = y / base_;
    const double reach = amplitude_ * period_s_ / std::numbers::pi;
    double lo = std::max(0.0, centre - reach), hi = centre + reach;
    double t = centre;
    for (int step = 0; step < 200; ++step) {
      const double excess = integral(t) - y;
      if (excess == 0.0) return t;
      (excess > 0.0 ? hi : lo) = t;
      const double r = rate(t);
      const double next = r > 0.0 ? t - excess / r : lo - 1.0;
      if (next > lo && next < hi) {  // Newton inside the bracket; done once its step is negligible
        if (std::abs(next - t) <= 1e-13 * std::max(1.0, t)) return next;
        t = next;
      } else {  // else bisect (near a zero of the rate, where Newton overshoots)
        t = (lo + hi) / 2.0;
      }
      if (hi - lo <= 1e-13 * std::max(1.0, hi)) return hi;
    }
    return hi;
  }

 private:
  double phase(double t) const { return 2.0 * std::numbers::pi * (t - peak_at_s_) / period_s_; }
  double period_s_, amplitude_, peak_at_s_;
  double base_ = 0.0;
};

std::unique_ptr<RateProfile> read_diurnal(sim::ConfigReader& reader) {
  double period_s = 86400.0, amplitude = 0.5, peak_at_s = 0.0;
  reader.number("period_s", period_s, sim::Range::positive());
  reader.number("amplitude", amplitude, sim::Range::between(0.0, 1.0));
  reader.number("peak_at_s", peak_at_s, sim::Range::non_negative());
  return std::make_unique<DiurnalProfile>(period_s, amplitude, peak_at_s);
}

CACHESTORM_REGISTER(RateProfile, "diurnal", read_diurnal);

}  // namespace
}  // namespace cachestorm::models
