// "step": {"at_s": 60, "factor": 2}: the process's rate until at_s, factor × that rate from then on.
#include "models/workload/rate_profile.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

class StepProfile final : public PiecewiseProfile {
 public:
  StepProfile(double at_s, double factor) : at_s_(at_s), factor_(factor) {}

 private:
  std::vector<PiecewiseRate::Point> points(double base) const override {
    return {{at_s_, base}, {at_s_, factor_ * base}};
  }
  double at_s_, factor_;
};

std::unique_ptr<RateProfile> read_step(sim::ConfigReader& reader) {
  double at_s = 60.0, factor = 2.0;
  reader.number("at_s", at_s, sim::Range::non_negative());
  reader.number("factor", factor, sim::Range::between(0.0, 1e6));
  return std::make_unique<StepProfile>(at_s, factor);
}

CACHESTORM_REGISTER(RateProfile, "step", read_step);

}  // namespace
}  // namespace cachestorm::models
