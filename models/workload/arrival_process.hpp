// When requests arrive: "arrivals": {"type": "poisson", "rate_per_s": 50000}. One instance is
// shared by every client source; the total rate is split evenly over the clients.
// Immutable after construction; draws take the caller's Rng (one stream per client).
#pragma once
#include "sim/rng.hpp"

namespace cachestorm::models {

class ArrivalProcess {
 public:
  virtual ~ArrivalProcess() = default;
  // Gap to the next arrival of one of `sources` equal sources. REQUIRES: sources >= 1.
  virtual double next_gap(sim::Rng& rng, unsigned sources) const = 0;
};

}  // namespace cachestorm::models
