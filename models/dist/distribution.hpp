// A distribution of non-negative values (durations, sizes), chosen by "type" in a scenario block
// such as "service_s": {"type": "exponential", "mean": 0.005}. Keys inside the block are unit-free;
// the block's own name carries the unit. Immutable after construction: draws take the caller's Rng.
#pragma once
#include <limits>

#include "sim/rng.hpp"

namespace cachestorm::models {

class Distribution {
 public:
  virtual ~Distribution() = default;
  // One draw; uses only the given stream.
  virtual double sample(sim::Rng& rng) const = 0;
  // The exact mean, for reports and closed-form checks.
  virtual double mean() const = 0;
  // The largest value a draw can take (infinity for unbounded distributions), for range checks.
  virtual double max_value() const { return std::numeric_limits<double>::infinity(); }
};

}  // namespace cachestorm::models
