// When requests arrive: "arrivals": {"type": "poisson", "rate_per_s": 50000}. One instance is
// shared by every client source; the total rate is split evenly over the clients.
// With a "profile" (models/workload/rate_profile.hpp) the process runs in its own clock and each
// arrival is sent at send_time() of that clock; without one the two clocks are the same.
// Immutable after construction; draws take the caller's Rng (one stream per client).
#pragma once
#include <memory>

#include "models/workload/load_spell.hpp"
#include "models/workload/rate_profile.hpp"
#include "sim/rng.hpp"

namespace cachestorm::sim {
class ConfigReader;
}

namespace cachestorm::models {

class ArrivalProcess {
 public:
  virtual ~ArrivalProcess() = default;
  // Gap to the next arrival of one of `sources` equal sources, in the process's own clock.
  // REQUIRES: sources >= 1.
  virtual double next_gap(sim::Rng& rng, unsigned sources) const = 0;
  // When an arrival at `own_s` of the process's clock is sent (infinity: never).
  double send_time(double own_s) const { return profile_ ? profile_->time_of(own_s * base_rate_) : own_s; }
  // Requests per second before any profile: the process's rate_per_s (a trace's rows over its span).
  double base_rate() const { return base_rate_; }
  // Multiplies the process's rate by spell.factor over the spell (models/workload/load_spell.hpp).
  // REQUIRES: a process with a base rate (not a trace's times); call before the run.
  void add_spell(const LoadSpell& spell);

 protected:
  // Reads the optional "profile" block beside the process's keys and binds it to base_rate.
  void read_profile(sim::ConfigReader& reader, double base_rate);
  // For a process without a profile block (a trace's times).
  void set_base_rate(double base_rate) { base_rate_ = base_rate; }

 private:
  std::unique_ptr<RateProfile> profile_;
  double base_rate_ = 0.0;
};

}  // namespace cachestorm::models
