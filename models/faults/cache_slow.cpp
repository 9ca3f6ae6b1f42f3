// "cache_slow": cache node `node` serves every command `factor` times slower (its service times
// multiplied) from at_s, for duration_s if given: a noisy neighbour, a swapping host, a slow
// disk under persistence. Its data stays. Overlapping slowdowns of one node multiply.
#include <string>

#include "models/faults/fault.hpp"
#include "models/faults/fault_timing.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class CacheSlow final : public Fault {
 public:
  CacheSlow(uint32_t node, double factor, FaultTiming timing) : node_(node), factor_(factor), timing_(timing) {}
  std::vector<FaultChange> changes(const PlatformCounts& counts, double duration_s,
                                   const std::string& path) const override {
    check_cache_node(node_, counts, path);
    timing_.check_inside(duration_s, path);
    return timing_.changes({HostRole::kCache, node_}, ChangeKind::kSlowStart, ChangeKind::kSlowEnd, factor_);
  }

 private:
  uint32_t node_;
  double factor_;
  FaultTiming timing_;
};

CACHESTORM_REGISTER(Fault, "cache_slow", [](sim::ConfigReader& reader) {
  uint32_t node = 0;
  double factor = 2.0;
  reader.integer("node", node, sim::Range::non_negative());
  reader.number("factor", factor, sim::Range::between(1e-3, 1e6));
  return std::make_unique<CacheSlow>(node, factor, FaultTiming::read(reader));
});

}  // namespace
}  // namespace cachestorm::models
