// "minority_partition": the network splits in two from at_s (for duration_s if given). On one
// side, node `replica` (default 0, the node that starts as its primary) of shard `node` with app
// instances first_app .. first_app + app_count - 1 (app_count default 0: none); on the other,
// every other cache node and app instance. Nothing crosses: the node is cut from the other nodes
// (the cluster bus and its replication streams) and from the other side's instances, and its
// side's instances are cut from every other node.
// What follows is the cache tier's (models/cache/cache_cluster_isolation.cpp): with Redis Cluster
// failover the majority promotes a replica as after a crash, while the cut-off primary keeps
// serving its side, writes included, until it notices it has lost the majority (node_timeout_s)
// and answers CLUSTERDOWN; what it accepted meanwhile is lost when it rejoins as a replica.
#include <optional>
#include <string>

#include "models/faults/fault.hpp"
#include "models/faults/fault_timing.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class MinorityPartition final : public Fault {
 public:
  MinorityPartition(CacheTarget target, uint32_t first_app, uint32_t app_count, FaultTiming timing)
      : target_(target), first_app_(first_app), app_count_(app_count), timing_(timing) {}
  std::vector<FaultChange> changes(const PlatformCounts& counts, double duration_s,
                                   const std::string& path) const override {
    const HostId host = target_.hosts(counts, path, CacheTarget::Whole::kFirstNode).front();
    const uint32_t end = first_app_ + app_count_;
    if (app_count_ > 0 && end > counts.app_instances)
      throw sim::ConfigError(path + ".app_count", "first_app + app_count must be <= topology.app_instances (" +
                                                      std::to_string(counts.app_instances) + ")");
    timing_.check_inside(duration_s, path);
    std::vector<FaultChange> all = timing_.changes(host, ChangeKind::kIsolateStart, ChangeKind::kIsolateEnd);
    const auto cut = [&](HostId node, uint32_t app) {
      for (FaultChange change : timing_.changes(node, ChangeKind::kPartitionStart, ChangeKind::kPartitionEnd)) {
        change.peer = app;
        all.push_back(change);
      }
    };
    for (uint32_t app = 0; app < counts.app_instances; ++app) {
      const bool with_node = app >= first_app_ && app < end;
      if (!with_node) {
        cut(host, app);
        continue;
      }
      for (uint32_t n = 0; n < counts.cache_nodes; ++n)
        if (n != host.index) cut(HostId{HostRole::kCache, n}, app);
    }
    return all;
  }

 private:
  CacheTarget target_;
  uint32_t first_app_;
  uint32_t app_count_;
  FaultTiming timing_;
};

CACHESTORM_REGISTER(Fault, "minority_partition", [](sim::ConfigReader& reader) {
  const CacheTarget target = CacheTarget::read(reader);
  uint32_t first_app = 0;
  uint32_t app_count = 0;
  reader.integer("first_app", first_app, sim::Range::non_negative());
  reader.integer("app_count", app_count, sim::Range::non_negative());
  return std::make_unique<MinorityPartition>(target, first_app, app_count, FaultTiming::read(reader));
});

}  // namespace
}  // namespace cachestorm::models
