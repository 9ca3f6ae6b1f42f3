// "allkeys-random" and "volatile-random": each eviction removes one key drawn uniformly from the
// scope (Redis: dictGetRandomKey on the main or the expires dict). volatile-random with no key
// that has a TTL evicts nothing (as noeviction).
#include "models/cache/eviction_policy.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class RandomEviction final : public EvictionPolicy {
 public:
  explicit RandomEviction(KeyScope scope) : scope_(scope) {}
  std::unique_ptr<EvictionPolicy> for_shard() const override { return std::make_unique<RandomEviction>(scope_); }
  uint32_t victim(const ShardEntries& entries, double, sim::Rng& rng) override {
    const Entry* drawn = entries.sample(scope_, rng);
    return drawn == nullptr ? kNoVictim : drawn->key;
  }

 private:
  KeyScope scope_;
};

template <KeyScope kScope>
std::unique_ptr<EvictionPolicy> make(sim::ConfigReader&) {
  return std::make_unique<RandomEviction>(kScope);
}

CACHESTORM_REGISTER(EvictionPolicy, "allkeys-random", make<KeyScope::kAllKeys>);
CACHESTORM_REGISTER(EvictionPolicy, "volatile-random", make<KeyScope::kVolatile>);

}  // namespace
}  // namespace cachestorm::models
