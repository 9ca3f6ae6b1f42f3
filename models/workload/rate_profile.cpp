#include "models/workload/rate_profile.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cachestorm::models {

PiecewiseRate::PiecewiseRate(const std::vector<Point>& points) {
  const double first_t = points.front().t_s;
  double before = 0.0;
  if (first_t > 0.0) {  // the first rate from 0 on
    segments_.push_back({0.0, first_t, points.front().rate_per_s, points.front().rate_per_s, 0.0});
    before = first_t * points.front().rate_per_s;
  }
  for (size_t i = 0; i + 1 < points.size(); ++i) {
    const Point& a = points[i];
    const Point& b = points[i + 1];
    if (b.t_s == a.t_s) continue;  // a jump: nothing between
    segments_.push_back({a.t_s, b.t_s, a.rate_per_s, b.rate_per_s, before});
    before += (b.t_s - a.t_s) * (a.rate_per_s + b.rate_per_s) / 2.0;
  }
  const double last = points.back().rate_per_s;
  segments_.push_back({points.back().t_s, std::numeric_limits<double>::infinity(), last, last, before});
}

size_t PiecewiseRate::segment_at(double t) const {
  const auto after = std::upper_bound(segments_.begin(), segments_.end(), t,
                                      [](double x, const Segment& s) { return x < s.start_s; });
  return after == segments_.begin() ? 0 : static_cast<size_t>(after - segments_.begin()) - 1;
}

double PiecewiseRate::rate(double t) const {
  const Segment& s = segments_[segment_at(t)];
  if (std::isinf(s.end_s)) return s.from;
  return s.from + (s.to - s.from) * std::clamp((t - s.start_s) / (s.end_s - s.start_s), 0.0, 1.0);
}

double PiecewiseRate::integral(double t) const {
  const Segment& s = segments_[segment_at(t)];
  const double d = std::max(0.0, t - s.start_s);
  if (std::isinf(s.end_s) || s.from == s.to) return s.before + s.from * d;
  const double slope = (s.to - s.from) / (s.end_s - s.start_s);
  return s.before + d * (s.from + slope * d / 2.0);
}

double PiecewiseRate::time_of(double y) const {
  if (y <= 0.0) return 0.0;
  // The first segment whose end reaches y (the last one reaches every y if its rate is > 0).
  size_t k = 0;
  size_t lo = 0, hi = segments_.size() - 1;
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    const Segment& s = segments_[mid];
    const double at_end = s.before + (s.end_s - s.start_s) * (s.from + s.to) / 2.0;
    if (at_end >= y) hi = mid; else lo = mid + 1;
  }
  k = lo;
  const Segment& s = segments_[k];
  const double left = y - s.before;
  if (std::isinf(s.end_s)) return s.from > 0.0 ? s.start_s + left / s.from : std::numeric_limits<double>::infinity();
  const double length = s.end_s - s.start_s;
  const double slope = (s.to - s.from) / length;
  double d;
  if (slope == 0.0) {
    d = left / s.from;
  } else {  // from·d + slope·d²/2 = left, in the form without cancellation
    const double root = std::sqrt(std::max(0.0, s.from * s.from + 2.0 * slope * left));
    d = 2.0 * left / (s.from + root);
  }
  return s.start_s + std::clamp(d, 0.0, length);
}

}  // namespace cachestorm::models
