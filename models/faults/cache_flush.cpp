// "cache_flush": node `replica` (default 0, the node that starts as its primary) of shard `node`
// drops every key at at_s (FLUSHALL ASYNC: the keyspace is empty
// at once, the server keeps serving and its queue stays), as an operator's mistake or a
// deploy script would. An instant: no duration_s; its report window is [at_s, at_s + recovery_s)
// (recovery_s default 30: the keys refill from the origin meanwhile). A node that is down then
// has nothing to drop. A primary's FLUSHALL reaches its replicas through the replication stream.
#include <string>

#include "models/faults/fault.hpp"
#include "models/faults/fault_timing.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class CacheFlush final : public Fault {
 public:
  CacheFlush(CacheTarget target, double at_s) : target_(target), at_s_(at_s) {}
  std::vector<FaultChange> changes(const PlatformCounts& counts, double duration_s,
                                   const std::string& path) const override {
    const HostId host = target_.hosts(counts, path, CacheTarget::Whole::kFirstNode).front();
    const FaultTiming timing{at_s_, std::nullopt};
    timing.check_inside(duration_s, path);
    return {{at_s_, host, ChangeKind::kFlush}};
  }

 private:
  CacheTarget target_;
  double at_s_;
};

CACHESTORM_REGISTER(Fault, "cache_flush", [](sim::ConfigReader& reader) {
  const CacheTarget target = CacheTarget::read(reader);
  double at_s = 0.0;
  double recovery_s = 30.0;
  reader.number("at_s", at_s, sim::Range::non_negative());
  reader.number("recovery_s", recovery_s, sim::Range::non_negative());
  return std::make_unique<CacheFlush>(target, at_s);
});

}  // namespace
}  // namespace cachestorm::models
