// "zipf": P(key k) proportional to 1 / (k + 1)^s over `count` keys, sampled in O(1) with Walker's
// alias method (Vose's construction) on one 64-bit draw: the high 32 bits pick a column, the low
// 32 bits are compared with that column's integer threshold. Build is O(count); 8 bytes per key.
#include <cmath>
#include <vector>

#include "models/workload/key_popularity.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class ZipfKeys final : public KeyPopularity {
 public:
  ZipfKeys(uint32_t count, double s) : count_(count), threshold_(count), alias_(count), weight_(count) {
    double total = 0.0;
    for (uint32_t k = 0; k < count; ++k) total += weight_[k] = std::pow(static_cast<double>(k) + 1.0, -s);
    for (auto& w : weight_) w /= total;
    build_alias();
  }
  uint32_t sample(sim::Rng& rng) const override {
    const uint64_t bits = rng.next_u64();
    const auto column = static_cast<uint32_t>(((bits >> 32) * count_) >> 32);
    return static_cast<uint32_t>(bits) < threshold_[column] ? column : alias_[column];
  }
  uint32_t key_count() const override { return count_; }
  double probability(uint32_t key) const override { return weight_[key]; }

 private:
  void build_alias() {
    std::vector<double> scaled(count_);
    std::vector<uint32_t> small, large;
    for (uint32_t k = 0; k < count_; ++k) {
      scaled[k] = weight_[k] * count_;
      (scaled[k] < 1.0 ? small : large).push_back(k);
    }
    while (!small.empty() && !large.empty()) {
      const uint32_t lo = small.back(), hi = large.back();
      small.pop_back();
      set_column(lo, scaled[lo], hi);
      scaled[hi] -= 1.0 - scaled[lo];
      if (scaled[hi] < 1.0) {
        large.pop_back();
        small.push_back(hi);
      }
    }
    for (uint32_t k : large) set_column(k, 1.0, k);
    for (uint32_t k : small) set_column(k, 1.0, k);  // rounding leftovers are full columns
  }
  void set_column(uint32_t column, double keep_probability, uint32_t alias) {
    const double scaled = std::ldexp(keep_probability, 32);
    threshold_[column] = scaled >= 4294967295.0 ? 0xffffffffu : static_cast<uint32_t>(scaled);
    alias_[column] = keep_probability >= 1.0 ? column : alias;
  }

  uint32_t count_;
  std::vector<uint32_t> threshold_;
  std::vector<uint32_t> alias_;
  std::vector<double> weight_;
};

CACHESTORM_REGISTER(KeyPopularity, "zipf", [](sim::ConfigReader& reader) {
  int64_t count = 100000;
  double s = 1.0;
  reader.integer("count", count, sim::Range::between(1, 4'000'000'000.0));
  reader.number("s", s, sim::Range::non_negative());
  return std::make_unique<ZipfKeys>(static_cast<uint32_t>(count), s);
});

}  // namespace
}  // namespace cachestorm::models
