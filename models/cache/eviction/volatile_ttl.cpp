// "volatile-ttl": among keys with a TTL, evict the one that would expire soonest, by Redis's
// sampled pool (maxmemory-samples keys per eviction, scored by how soon they expire). With no key
// that has a TTL it evicts nothing (as noeviction).
#include "models/cache/eviction/eviction_pool.hpp"
#include "models/cache/eviction/sampled_scores.hpp"

namespace cachestorm::models {
namespace {

class VolatileTtl final : public EvictionPolicy {
 public:
  explicit VolatileTtl(uint32_t samples) : samples_(samples) {}
  std::unique_ptr<EvictionPolicy> for_shard() const override { return std::make_unique<VolatileTtl>(samples_); }
  uint32_t victim(const ShardEntries& entries, double, sim::Rng& rng) override {
    return pool_.pick(entries, KeyScope::kVolatile, samples_, rng, [](const Entry& e) { return -e.expires_at; });
  }

 private:
  uint32_t samples_;
  EvictionPool pool_;
};

CACHESTORM_REGISTER(EvictionPolicy, "volatile-ttl", [](sim::ConfigReader& reader) -> std::unique_ptr<EvictionPolicy> {
  return std::make_unique<VolatileTtl>(read_samples(reader));
});

}  // namespace
}  // namespace cachestorm::models
