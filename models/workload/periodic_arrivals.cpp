// "periodic": {"rate_per_s": r}: one arrival every 1/r seconds, the first at 1/r, with no
// randomness (a cron job, a batch writer, a known-answer test). Split over n sources, each
// sends every n/r seconds, all in phase. Draws no random numbers.
#include "models/workload/arrival_process.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

class PeriodicArrivals final : public ArrivalProcess {
 public:
  using ArrivalProcess::read_profile;
  explicit PeriodicArrivals(double rate) : rate_(rate) {}
  double next_gap(sim::Rng&, unsigned sources) const override { return sources / rate_; }

 private:
  double rate_;
};

CACHESTORM_REGISTER(ArrivalProcess, "periodic", [](sim::ConfigReader& reader) {
  double rate = 1.0;
  reader.number("rate_per_s", rate, sim::Range::positive());
  auto arrivals = std::make_unique<PeriodicArrivals>(rate);
  arrivals->read_profile(reader, rate);
  return arrivals;
});

}  // namespace
}  // namespace cachestorm::models
