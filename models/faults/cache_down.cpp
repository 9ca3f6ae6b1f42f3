// "cache_down": shard `node` is lost at at_s, every node of it (its primary and its replicas), or
// only node `replica` of it (0: the node that starts as its primary; models/faults/fault_timing.hpp),
// their contents with them (no persistence); if duration_s is given, they come back empty after
// duration_s (unless another fault still holds them down: outages compose, see
// host_schedule.hpp). at_s must lie inside the run. recovery_s (default 30): the report window
// keeps counting that long after the end, while keys refill from the origin.
// kind "host" (default): the host goes down, so commands to it time out (app.cache_timeout_s);
// "process": only redis-server dies (killed, OOM-killed), its host stays up and refuses
// connections at once, and it is relaunched at the end (process outages do not compose).
#include <string>

#include "models/faults/fault.hpp"
#include "models/faults/fault_timing.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class CacheDown final : public Fault {
 public:
  CacheDown(CacheTarget target, FaultTiming timing, bool process)
      : target_(target), timing_(timing), process_(process) {}
  std::vector<FaultChange> changes(const PlatformCounts& counts, double duration_s,
                                   const std::string& path) const override {
    const std::vector<HostId> hosts = target_.hosts(counts, path, CacheTarget::Whole::kShard);
    timing_.check_inside(duration_s, path);
    std::vector<FaultChange> all;
    for (const HostId host : hosts)
      for (const FaultChange& change :
           timing_.changes(host, process_ ? ChangeKind::kKill : ChangeKind::kCrash,
                           process_ ? ChangeKind::kRelaunch : ChangeKind::kRestart))
        all.push_back(change);
    return all;
  }

 private:
  CacheTarget target_;
  FaultTiming timing_;
  bool process_;
};

CACHESTORM_REGISTER(Fault, "cache_down", [](sim::ConfigReader& reader) {
  const CacheTarget target = CacheTarget::read(reader);
  std::string kind = "host";
  reader.choice("kind", kind, {"host", "process"});
  return std::make_unique<CacheDown>(target, FaultTiming::read(reader), kind == "process");
});

}  // namespace
}  // namespace cachestorm::models
