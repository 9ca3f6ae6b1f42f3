// "noeviction" (Redis's default maxmemory-policy): nothing is evicted; once used memory is over
// maxmemory, commands that need memory (SET) fail with OOM, and reads still work.
#include "models/cache/eviction_policy.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class NoEviction final : public EvictionPolicy {
 public:
  std::unique_ptr<EvictionPolicy> for_shard() const override { return std::make_unique<NoEviction>(); }
  bool evicts() const override { return false; }
  uint32_t victim(const ShardEntries&, double, sim::Rng&) override { return kNoVictim; }
};

CACHESTORM_REGISTER(EvictionPolicy, "noeviction",
                    [](sim::ConfigReader&) -> std::unique_ptr<EvictionPolicy> { return std::make_unique<NoEviction>(); });

}  // namespace
}  // namespace cachestorm::models
