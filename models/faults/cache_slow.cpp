// "cache_slow": node `replica` (default 0, the node that starts as its primary) of shard `node`
// serves every command `factor` times slower (its service times
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
  CacheSlow(CacheTarget target, double factor, FaultTiming timing) : target_(target), factor_(factor), timing_(timing) {}
  std::vector<FaultChange> changes(const PlatformCounts& counts, double duration_s,
                                   const std::string& path) const override {
    const HostId host = target_.hosts(counts, path, CacheTarget::Whole::kFirstNode).front();
    timing_.check_inside(duration_s, path);
    return timing_.changes(host, ChangeKind::kSlowStart, ChangeKind::kSlowEnd, factor_);
  }

 private:
  CacheTarget target_;
  double factor_;
  FaultTiming timing_;
};

CACHESTORM_REGISTER(Fault, "cache_slow", [](sim::ConfigReader& reader) {
  const CacheTarget target = CacheTarget::read(reader);
  double factor = 2.0;
  reader.number("factor", factor, sim::Range::between(1e-3, 1e6));
  return std::make_unique<CacheSlow>(target, factor, FaultTiming::read(reader));
});

}  // namespace
}  // namespace cachestorm::models
