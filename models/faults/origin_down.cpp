// "origin_down": the origin database is out from at_s, for duration_s if given. mode "refuse"
// (default; the process is gone, its host up): every query is refused at once, the waiting ones
// at the outage's start included (counted as origin_rejected); "hang" (a hung database, a lost
// network path): queries keep queueing and none starts, so each waits until origin.queue_timeout_s
// (or, without one, until the origin is back). Queries already in service finish in both modes.
#include <string>

#include "models/faults/fault.hpp"
#include "models/faults/fault_timing.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class OriginDown final : public Fault {
 public:
  OriginDown(bool hang, FaultTiming timing) : hang_(hang), timing_(timing) {}
  std::vector<FaultChange> changes(const PlatformCounts&, double duration_s, const std::string& path) const override {
    timing_.check_inside(duration_s, path);
    return timing_.changes({HostRole::kOrigin, 0}, hang_ ? ChangeKind::kCrash : ChangeKind::kKill,
                           hang_ ? ChangeKind::kRestart : ChangeKind::kRelaunch);
  }

 private:
  bool hang_;
  FaultTiming timing_;
};

CACHESTORM_REGISTER(Fault, "origin_down", [](sim::ConfigReader& reader) {
  std::string mode = "refuse";
  reader.choice("mode", mode, {"refuse", "hang"});
  return std::make_unique<OriginDown>(mode == "hang", FaultTiming::read(reader));
});

}  // namespace
}  // namespace cachestorm::models
