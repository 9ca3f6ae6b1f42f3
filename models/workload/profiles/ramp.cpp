// "ramp": {"start_s": 0, "end_s": 60, "factor": 2}: the process's rate until start_s, then a
// linear change to factor × that rate at end_s, held from then on.
#include "models/workload/rate_profile.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

class RampProfile final : public PiecewiseProfile {
 public:
  RampProfile(double start_s, double end_s, double factor) : start_s_(start_s), end_s_(end_s), factor_(factor) {}

 private:
  std::vector<PiecewiseRate::Point> points(double base) const override {
    return {{start_s_, base}, {end_s_, factor_ * base}};
  }
  double start_s_, end_s_, factor_;
};

std::unique_ptr<RateProfile> read_ramp(sim::ConfigReader& reader) {
  double start_s = 0.0, end_s = 60.0, factor = 2.0;
  reader.number("start_s", start_s, sim::Range::non_negative());
  reader.number("end_s", end_s, sim::Range::non_negative());
  reader.number("factor", factor, sim::Range::between(0.0, 1e6));
  if (end_s < start_s && !reader.describing())
    throw sim::ConfigError(reader.path_of("end_s"), "must not be before start_s (the ramp runs from start_s to end_s)");
  return std::make_unique<RampProfile>(start_s, end_s, factor);
}

CACHESTORM_REGISTER(RateProfile, "ramp", read_ramp);

}  // namespace
}  // namespace cachestorm::models
