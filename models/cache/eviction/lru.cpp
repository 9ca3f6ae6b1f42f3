// "allkeys-lru" and "volatile-lru": Redis's approximated LRU. A key's access field holds the LRU
// clock (whole seconds) of its last GET or SET; an eviction fills the pool with maxmemory-samples
// keys of the scope scored by idle time and evicts the idlest (models/cache/eviction/eviction_pool.hpp).
// volatile-lru samples only keys with a TTL; with none left it evicts nothing (as noeviction).
#include "models/cache/eviction/eviction_pool.hpp"
#include "models/cache/eviction/sampled_scores.hpp"

namespace cachestorm::models {
namespace {

class SampledLru final : public EvictionPolicy {
 public:
  SampledLru(KeyScope scope, uint32_t samples) : scope_(scope), samples_(samples) {}
  std::unique_ptr<EvictionPolicy> for_shard() const override { return std::make_unique<SampledLru>(scope_, samples_); }
  uint32_t stored(uint32_t, double now, const Entry*) override { return lru_clock(now); }
  void accessed(Entry& entry, double now, sim::Rng&) override { entry.access = lru_clock(now); }
  uint32_t victim(const ShardEntries& entries, double now, sim::Rng& rng) override {
    return pool_.pick(entries, scope_, samples_, rng, [now](const Entry& e) { return lru_idle_s(e, now); });
  }

 private:
  KeyScope scope_;
  uint32_t samples_;
  EvictionPool pool_;
};

template <KeyScope kScope>
std::unique_ptr<EvictionPolicy> make(sim::ConfigReader& reader) {
  return std::make_unique<SampledLru>(kScope, read_samples(reader));
}

CACHESTORM_REGISTER(EvictionPolicy, "allkeys-lru", make<KeyScope::kAllKeys>);
CACHESTORM_REGISTER(EvictionPolicy, "volatile-lru", make<KeyScope::kVolatile>);

}  // namespace
}  // namespace cachestorm::models
