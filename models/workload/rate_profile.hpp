// A rate profile: how an arrival process's rate changes over the run ("profile" inside any
// "arrivals" block). Arrivals follow it by a change of time: the process runs unchanged in its
// own clock τ at its base rate λ0 (its rate_per_s), and an arrival at τ is sent at the first
// instant t with R(t) = λ0·τ, where R(t) is the integral of the profile's rate r from 0 to t.
// A Poisson process then becomes exactly the non-homogeneous Poisson process of rate r(t)
// (inversion of the integrated rate); a periodic one sends its k-th arrival at R⁻¹(k).
//
// Kinds register by name (models/workload/profiles/): step, spike, ramp and piecewise are
// piecewise-linear (PiecewiseRate), diurnal a sinusoid. Not a load source of its own, and not
// applicable to replayed trace times. Immutable once bound; pure functions of t.
#pragma once
#include <memory>
#include <vector>

namespace cachestorm::models {

class RateProfile {
 public:
  virtual ~RateProfile() = default;
  // Fixes the profile to its process's base rate λ0 (> 0); called once, before any other call.
  virtual void bind(double base_rate) = 0;
  // r(t) >= 0, requests per second at t >= 0.
  virtual double rate(double t) const = 0;
  // R(t) = ∫₀ᵗ r.
  virtual double integral(double t) const = 0;
  // The smallest t >= 0 with R(t) >= y (y >= 0); infinity if R never reaches y.
  virtual double time_of(double y) const = 0;
};

// A rate linear between points (t_s, rate_per_s) with non-decreasing t (two points at one t make a
// jump), constant before the first point and after the last. Integral and its inverse in closed
// form: a binary search for the segment, then a linear or quadratic solve.
class PiecewiseRate {
 public:
  struct Point {
    double t_s;
    double rate_per_s;
  };
  PiecewiseRate() = default;
  // REQUIRES: points non-empty, t_s >= 0 non-decreasing, rates >= 0 and finite.
  explicit PiecewiseRate(const std::vector<Point>& points);
  double rate(double t) const;
  double integral(double t) const;
  double time_of(double y) const;

 private:
  struct Segment {  // [start_s, end_s): rate from `from` to `to`, `before` = R(start_s)
    double start_s, end_s, from, to, before;
  };
  size_t segment_at(double t) const;
  std::vector<Segment> segments_;  // the last one ends at infinity with a constant rate
};

// A profile that is a PiecewiseRate made from the base rate (step, spike, ramp, piecewise).
class PiecewiseProfile : public RateProfile {
 public:
  void bind(double base_rate) final { shape_ = PiecewiseRate(points(base_rate)); }
  double rate(double t) const final { return shape_.rate(t); }
  double integral(double t) const final { return shape_.integral(t); }
  double time_of(double y) const final { return shape_.time_of(y); }

 protected:
  virtual std::vector<PiecewiseRate::Point> points(double base_rate) const = 0;

 private:
  PiecewiseRate shape_;
};

}  // namespace cachestorm::models
