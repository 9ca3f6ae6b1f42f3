// "exact-lru": true least-recently-used over all keys, for analysis (how far Redis's sampled LRU
// is from the ideal): a doubly linked list in use order, a GET or SET moves its key to the front,
// an eviction takes the back. Not a Redis policy. Costs 8 B per key of the key space (the links
// are indexed by key), beyond the 150 B per resident key budget of the others.
#include <vector>

#include "models/cache/eviction_policy.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class ExactLru final : public EvictionPolicy {
 public:
  std::unique_ptr<EvictionPolicy> for_shard() const override { return std::make_unique<ExactLru>(); }
  double bytes_per_key() const override { return 8.0; }  // its links
  uint32_t stored(uint32_t key, double, const Entry* previous) override {
    if (previous != nullptr) unlink(key);
    push_front(key);
    return 0;
  }
  void accessed(Entry& entry, double, sim::Rng&) override {
    unlink(entry.key);
    push_front(entry.key);
  }
  void removed(uint32_t key) override { unlink(key); }
  uint32_t victim(const ShardEntries&, double, sim::Rng&) override { return back_ == kNone ? kNoVictim : back_; }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  void push_front(uint32_t key) {
    if (key >= prev_.size()) {
      prev_.resize(key + 1, kNone);
      next_.resize(key + 1, kNone);
    }
    prev_[key] = kNone;
    next_[key] = front_;
    if (front_ != kNone) prev_[front_] = key;
    front_ = key;
    if (back_ == kNone) back_ = key;
  }
  void unlink(uint32_t key) {
    const uint32_t before = prev_[key], after = next_[key];
    (before == kNone ? front_ : next_[before]) = after;
    (after == kNone ? back_ : prev_[after]) = before;
  }

  std::vector<uint32_t> prev_, next_;  // [key]: neighbours towards the front and the back
  uint32_t front_ = kNone, back_ = kNone;
};

CACHESTORM_REGISTER(EvictionPolicy, "exact-lru",
                    [](sim::ConfigReader&) -> std::unique_ptr<EvictionPolicy> { return std::make_unique<ExactLru>(); });

}  // namespace
}  // namespace cachestorm::models
