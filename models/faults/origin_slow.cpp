// "origin_slow": the origin database serves every query and write `factor` times slower (its
// service times multiplied) from at_s, for duration_s if given: a brownout (a hot partition, a
// vacuum, a noisy neighbour). Queries already in service keep the time they drew. Overlapping
// slowdowns multiply.
#include <string>

#include "models/faults/fault.hpp"
#include "models/faults/fault_timing.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class OriginSlow final : public Fault {
 public:
  OriginSlow(double factor, FaultTiming timing) : factor_(factor), timing_(timing) {}
  std::vector<FaultChange> changes(const PlatformCounts&, double duration_s, const std::string& path) const override {
    timing_.check_inside(duration_s, path);
    return timing_.changes({HostRole::kOrigin, 0}, ChangeKind::kSlowStart, ChangeKind::kSlowEnd, factor_);
  }

 private:
  double factor_;
  FaultTiming timing_;
};

CACHESTORM_REGISTER(Fault, "origin_slow", [](sim::ConfigReader& reader) {
  double factor = 2.0;
  reader.number("factor", factor, sim::Range::between(1e-3, 1e6));
  return std::make_unique<OriginSlow>(factor, FaultTiming::read(reader));
});

}  // namespace
}  // namespace cachestorm::models
