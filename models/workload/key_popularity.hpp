// Which key a request asks for: "keys": {"type": "zipf", "count": N, "s": 1.0} or "uniform".
// Keys are dense ids 0..count-1; for skewed types, lower ids are the more popular ones.
// Immutable after construction; draws take the caller's Rng.
#pragma once
#include <cstdint>

#include "sim/rng.hpp"

namespace cachestorm::models {

class KeyPopularity {
 public:
  virtual ~KeyPopularity() = default;
  virtual uint32_t sample(sim::Rng& rng) const = 0;
  virtual uint32_t key_count() const = 0;
  // Exact probability of key `key`, for closed-form checks.
  virtual double probability(uint32_t key) const = 0;
};

}  // namespace cachestorm::models
