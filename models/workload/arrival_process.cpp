#include "models/workload/arrival_process.hpp"

#include "sim/config_reader.hpp"

namespace cachestorm::models {

void ArrivalProcess::read_profile(sim::ConfigReader& reader, double base_rate) {
  profile_ = reader.optional_typed<RateProfile>("profile", "step");
  base_rate_ = base_rate;
  if (profile_) profile_->bind(base_rate);
}

void ArrivalProcess::add_spell(const LoadSpell& spell) {
  profile_ = std::make_unique<SpelledProfile>(std::move(profile_), base_rate_, spell);
}

}  // namespace cachestorm::models
