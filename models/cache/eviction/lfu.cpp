// "allkeys-lfu" and "volatile-lfu": Redis's LFU. A key's access field holds its last access
// minute (16 bits) and its logarithmic counter (8 bits, models/cache/lfu_counter.hpp): a new key
// starts at 5; each GET decays the counter by the minutes since the last access, then increments
// it with a falling probability. An eviction scores samples by 255 − the decayed counter (evict.c)
// and evicts the least frequently used. A SET over a resident key keeps its counter (db.c keeps
// the old object's lru field under LFU).
#include "models/cache/eviction/eviction_pool.hpp"
#include "models/cache/eviction/sampled_scores.hpp"

namespace cachestorm::models {
namespace {

class SampledLfu final : public EvictionPolicy {
 public:
  SampledLfu(KeyScope scope, uint32_t samples, LfuConfig lfu) : scope_(scope), samples_(samples), lfu_(lfu) {}
  std::unique_ptr<EvictionPolicy> for_shard() const override {
    return std::make_unique<SampledLfu>(scope_, samples_, lfu_);
  }
  uint32_t stored(uint32_t, double now, const Entry* previous) override {
    return previous != nullptr ? previous->access : lfu_minutes(now) << 8 | kLfuInitialValue;
  }
  void accessed(Entry& entry, double now, sim::Rng& rng) override {
    const uint8_t counter = lfu_incremented(lfu_counter_now(entry.access, now, lfu_), lfu_, rng);
    entry.access = lfu_minutes(now) << 8 | counter;
  }
  uint32_t victim(const ShardEntries& entries, double now, sim::Rng& rng) override {
    return pool_.pick(entries, scope_, samples_, rng,
                      [this, now](const Entry& e) { return 255.0 - lfu_counter_now(e.access, now, lfu_); });
  }

 private:
  KeyScope scope_;
  uint32_t samples_;
  LfuConfig lfu_;
  EvictionPool pool_;
};

template <KeyScope kScope>
std::unique_ptr<EvictionPolicy> make(sim::ConfigReader& reader) {
  const uint32_t samples = read_samples(reader);
  return std::make_unique<SampledLfu>(kScope, samples, read_lfu(reader));
}

CACHESTORM_REGISTER(EvictionPolicy, "allkeys-lfu", make<KeyScope::kAllKeys>);
CACHESTORM_REGISTER(EvictionPolicy, "volatile-lfu", make<KeyScope::kVolatile>);

}  // namespace
}  // namespace cachestorm::models
