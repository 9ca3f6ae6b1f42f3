// "cache_down": cache node `node` is lost at at_s (its contents with it: no persistence) and, if
// duration_s is given, comes back empty after duration_s (unless another fault still holds it
// down: outages compose, see host_schedule.hpp). at_s must lie inside the run. recovery_s
// (default 30): the node comes back empty, and its keys refill from the origin meanwhile.
#include <string>

#include "models/faults/fault.hpp"
#include "models/faults/fault_timing.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class CacheDown final : public Fault {
 public:
  CacheDown(uint32_t node, FaultTiming timing) : node_(node), timing_(timing) {}
  std::vector<FaultChange> changes(const PlatformCounts& counts, double duration_s,
                                   const std::string& path) const override {
    check_cache_node(node_, counts, path);
    timing_.check_inside(duration_s, path);
    return timing_.changes({HostRole::kCache, node_}, ChangeKind::kCrash, ChangeKind::kRestart);
  }

 private:
  uint32_t node_;
  FaultTiming timing_;
};

CACHESTORM_REGISTER(Fault, "cache_down", [](sim::ConfigReader& reader) {
  uint32_t node = 0;
  reader.integer("node", node, sim::Range::non_negative());
  return std::make_unique<CacheDown>(node, FaultTiming::read(reader));
});

}  // namespace
}  // namespace cachestorm::models
