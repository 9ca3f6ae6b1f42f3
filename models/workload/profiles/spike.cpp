// "spike" (a flash crowd): {"start_s": 60, "ramp_up_s": 5, "hold_s": 30, "ramp_down_s": 5,
// "factor": 3}: the process's rate until start_s, rising linearly to factor × it over ramp_up_s,
// held for hold_s, falling linearly back over ramp_down_s (a ramp of 0 s is a jump).
#include "models/workload/rate_profile.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

class SpikeProfile final : public PiecewiseProfile {
 public:
  SpikeProfile(double start_s, double up_s, double hold_s, double down_s, double factor)
      : start_s_(start_s), up_s_(up_s), hold_s_(hold_s), down_s_(down_s), factor_(factor) {}

 private:
  std::vector<PiecewiseRate::Point> points(double base) const override {
    const double top = start_s_ + up_s_;
    return {{start_s_, base}, {top, factor_ * base}, {top + hold_s_, factor_ * base}, {top + hold_s_ + down_s_, base}};
  }
  double start_s_, up_s_, hold_s_, down_s_, factor_;
};

std::unique_ptr<RateProfile> read_spike(sim::ConfigReader& reader) {
  double start_s = 60.0, up_s = 5.0, hold_s = 30.0, down_s = 5.0, factor = 3.0;
  reader.number("start_s", start_s, sim::Range::non_negative());
  reader.number("ramp_up_s", up_s, sim::Range::non_negative());
  reader.number("hold_s", hold_s, sim::Range::non_negative());
  reader.number("ramp_down_s", down_s, sim::Range::non_negative());
  reader.number("factor", factor, sim::Range::between(0.0, 1e6));
  return std::make_unique<SpikeProfile>(start_s, up_s, hold_s, down_s, factor);
}

CACHESTORM_REGISTER(RateProfile, "spike", read_spike);

}  // namespace
}  // namespace cachestorm::models
