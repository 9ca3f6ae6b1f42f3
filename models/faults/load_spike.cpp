// "load_spike": every arrival process sends `factor` times its rate from at_s, for duration_s if
// given (a flash crowd, a retry wave from another tier, a marketing push), as a trigger whose
// incident window and recovery verdict the summary reports like any fault's. It changes no host:
// the scenario multiplies the arrivals' rate profiles (models/workload/load_spell.hpp), exactly,
// and overlapping spikes multiply. A scenario with a key class that replays a trace's times
// refuses a spike: those times are the trace's. For a shaped ramp use a "spike" rate profile.
#include <limits>
#include <string>

#include "models/faults/fault.hpp"
#include "models/faults/fault_timing.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class LoadSpike final : public Fault {
 public:
  LoadSpike(double factor, FaultTiming timing) : factor_(factor), timing_(timing) {}
  std::vector<FaultChange> changes(const PlatformCounts&, double duration_s, const std::string& path) const override {
    timing_.check_inside(duration_s, path);
    return {};
  }
  std::optional<LoadSpell> load_spell() const override {
    return LoadSpell{timing_.at_s, timing_.end_s().value_or(std::numeric_limits<double>::infinity()), factor_};
  }

 private:
  double factor_;
  FaultTiming timing_;
};

CACHESTORM_REGISTER(Fault, "load_spike", [](sim::ConfigReader& reader) {
  double factor = 2.0;
  reader.number("factor", factor, sim::Range::between(1e-3, 1e6));
  return std::make_unique<LoadSpike>(factor, FaultTiming::read(reader));
});

}  // namespace
}  // namespace cachestorm::models
