// "hot_keys_flush": at at_s the cache tier loses the `keys` hottest keys of the workload (the most
// requested at the arrivals' base rates, models/workload/key_space.hpp's hottest()), wherever
// they are: a DEL on each shard's serving node, replicated like any DEL, as a bad deploy's
// invalidation or a purge of a hot prefix would. Every hot key then misses at once while the
// rest of the cache stays warm: the stampede in its purest form. An instant like cache_flush (no
// duration_s; its report window is [at_s, at_s + recovery_s), recovery_s default 30). A shard
// whose node is down or loading has nothing to delete.
#include <string>

#include "models/faults/fault.hpp"
#include "models/faults/fault_timing.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class HotKeysFlush final : public Fault {
 public:
  HotKeysFlush(double at_s, double keys) : at_s_(at_s), keys_(keys) {}
  std::vector<FaultChange> changes(const PlatformCounts&, double duration_s, const std::string& path) const override {
    const FaultTiming timing{at_s_, std::nullopt};
    timing.check_inside(duration_s, path);
    return {{at_s_, {HostRole::kCache, 0}, ChangeKind::kDeleteHottest, keys_}};
  }

 private:
  double at_s_;
  double keys_;
};

CACHESTORM_REGISTER(Fault, "hot_keys_flush", [](sim::ConfigReader& reader) {
  double at_s = 0.0;
  double recovery_s = 30.0;
  int64_t keys = 100;
  reader.number("at_s", at_s, sim::Range::non_negative());
  reader.integer("keys", keys, sim::Range::between(1, 4294967295.0));
  reader.number("recovery_s", recovery_s, sim::Range::non_negative());
  return std::make_unique<HotKeysFlush>(at_s, static_cast<double>(keys));
});

}  // namespace
}  // namespace cachestorm::models
