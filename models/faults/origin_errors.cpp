// "origin_errors": from at_s, for duration_s if given, the origin database answers each read and
// write it serves with an error with probability `probability` (drawn per query, from the stream
// "origin/errors"): a failing query still holds its connection for its service time, then its
// error reaches the app, which answers the client with the error "origin_error" (a deadlock
// victim, a failing replica behind a proxy, a bad deploy). Overlapping faults fail a query when
// any of them does (independent causes). Queries refused or timed out in the queue are unchanged.
#include <string>

#include "models/faults/fault.hpp"
#include "models/faults/fault_timing.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class OriginErrors final : public Fault {
 public:
  OriginErrors(double probability, FaultTiming timing) : probability_(probability), timing_(timing) {}
  std::vector<FaultChange> changes(const PlatformCounts&, double duration_s, const std::string& path) const override {
    timing_.check_inside(duration_s, path);
    return timing_.changes({HostRole::kOrigin, 0}, ChangeKind::kErrorsStart, ChangeKind::kErrorsEnd, probability_);
  }

 private:
  double probability_;
  FaultTiming timing_;
};

CACHESTORM_REGISTER(Fault, "origin_errors", [](sim::ConfigReader& reader) {
  double probability = 1.0;
  reader.number("probability", probability, sim::Range::between(0.0, 1.0));
  return std::make_unique<OriginErrors>(probability, FaultTiming::read(reader));
});

}  // namespace
}  // namespace cachestorm::models
