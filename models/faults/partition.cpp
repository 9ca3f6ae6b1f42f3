// "partition": the network between node `replica` (default 0, the node that starts as its
// primary) of shard `node` and app instances first_app .. first_app + app_count - 1 (app_count
// null: every instance from first_app) drops everything from at_s, for duration_s if given. The
// node keeps running and serving everyone else; the cut-off instances' commands get no reply, so
// each waits app.cache_timeout_s (and may refresh its view of the topology). The node stays in
// its cluster: no failover follows.
#include <optional>
#include <string>

#include "models/faults/fault.hpp"
#include "models/faults/fault_timing.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class Partition final : public Fault {
 public:
  Partition(CacheTarget target, uint32_t first_app, std::optional<uint32_t> app_count, FaultTiming timing)
      : target_(target), first_app_(first_app), app_count_(app_count), timing_(timing) {}
  std::vector<FaultChange> changes(const PlatformCounts& counts, double duration_s,
                                   const std::string& path) const override {
    const HostId host = target_.hosts(counts, path, CacheTarget::Whole::kFirstNode).front();
    if (first_app_ >= counts.app_instances)
      throw sim::ConfigError(path + ".first_app", "must be < topology.app_instances (" +
                                                      std::to_string(counts.app_instances) + ")");
    const uint32_t end = app_count_ ? first_app_ + *app_count_ : counts.app_instances;
    if (end > counts.app_instances)
      throw sim::ConfigError(path + ".app_count", "first_app + app_count must be <= topology.app_instances (" +
                                                      std::to_string(counts.app_instances) + ")");
    timing_.check_inside(duration_s, path);
    std::vector<FaultChange> all;
    for (uint32_t app = first_app_; app < end; ++app)
      for (FaultChange change : timing_.changes(host, ChangeKind::kPartitionStart, ChangeKind::kPartitionEnd)) {
        change.peer = app;
        all.push_back(change);
      }
    return all;
  }

 private:
  CacheTarget target_;
  uint32_t first_app_;
  std::optional<uint32_t> app_count_;
  FaultTiming timing_;
};

CACHESTORM_REGISTER(Fault, "partition", [](sim::ConfigReader& reader) {
  const CacheTarget target = CacheTarget::read(reader);
  uint32_t first_app = 0;
  std::optional<uint32_t> app_count;
  reader.integer("first_app", first_app, sim::Range::non_negative());
  reader.optional_integer("app_count", app_count, sim::Range::between(1, 4294967295.0));
  return std::make_unique<Partition>(target, first_app, app_count, FaultTiming::read(reader));
});

}  // namespace
}  // namespace cachestorm::models
