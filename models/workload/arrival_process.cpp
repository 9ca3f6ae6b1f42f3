#include "models/workload/arrival_process.hpp"

#include "sim/config_reader.hpp"

namespace cachestorm::models {

void ArrivalProcess::read_profile(sim::ConfigReader& reader, double base_rate) {
  profile_ = reader.optional_typed<RateProfile>("profile", "step");
  base_rate_ = base_rate;
  if (profile_) profile_->bind(base_rate);
}

}  // namespace cachestorm::models
