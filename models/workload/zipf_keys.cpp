// "zipf": P(key k) proportional to 1 / (k + 1)^s over `count` keys (k = 0 is the most popular).
// Sampled exactly in O(1) with two alias tables: one for the first kHeadKeys keys (small enough
// to stay in a CPU cache, and holding most of the mass when s is near 1) and one for the rest;
// a first 64-bit draw picks the table by its total mass, a second draws within it.
// Memory: 8 bytes per key.
#include <cmath>
#include <optional>
#include <vector>

#include "models/workload/alias_table.hpp"
#include "models/workload/key_popularity.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

constexpr uint32_t kHeadKeys = 32768;
constexpr size_t kBatch = 64;

std::vector<double> zipf_weights(uint32_t first, uint32_t end, double s) {
  std::vector<double> weights;
  weights.reserve(end - first);
  for (uint32_t k = first; k < end; ++k) weights.push_back(std::pow(static_cast<double>(k) + 1.0, -s));
  return weights;
}

double sum(const std::vector<double>& values) {
  double total = 0.0;
  for (double v : values) total += v;
  return total;
}

class ZipfKeys final : public KeyPopularity {
 public:
  ZipfKeys(uint32_t count, double s) : count_(count), s_(s), head_keys_(std::min(count, kHeadKeys)) {
    const auto head = zipf_weights(0, head_keys_, s);
    head_ = AliasTable(head);
    total_ = sum(head);
    if (count > head_keys_) {
      const auto tail = zipf_weights(head_keys_, count, s);
      tail_.emplace(tail);
      total_ += sum(tail);
    }
    const double head_share = sum(head) / total_;
    head_cut_ = head_share >= 1.0 ? UINT64_MAX : static_cast<uint64_t>(std::ldexp(head_share, 64));
  }
  uint32_t sample(sim::Rng& rng) const override {
    if (!tail_ || rng.next_u64() < head_cut_) return head_->sample(rng);
    return head_keys_ + tail_->sample(rng);
  }
  void sample_batch(sim::Rng& rng, uint32_t* keys, size_t n) const override {
    // Same draws in the same order as sample(); phase one loads every column before phase two reads.
    uint64_t bits[kBatch];
    bool from_tail[kBatch];
    for (size_t done = 0; done < n; done += kBatch) {
      const size_t m = std::min(kBatch, n - done);
      for (size_t i = 0; i < m; ++i) {
        from_tail[i] = tail_ && rng.next_u64() >= head_cut_;
        bits[i] = rng.next_u64();
        (from_tail[i] ? *tail_ : *head_).prefetch(bits[i]);
      }
      for (size_t i = 0; i < m; ++i)
        keys[done + i] = from_tail[i] ? head_keys_ + tail_->resolve(bits[i]) : head_->resolve(bits[i]);
    }
  }
  uint32_t key_count() const override { return count_; }
  double probability(uint32_t key) const override { return std::pow(key + 1.0, -s_) / total_; }

 private:
  uint32_t count_;
  double s_;
  uint32_t head_keys_;
  double total_ = 0.0;
  uint64_t head_cut_ = UINT64_MAX;
  std::optional<AliasTable> head_;
  std::optional<AliasTable> tail_;
};

CACHESTORM_REGISTER(KeyPopularity, "zipf", [](sim::ConfigReader& reader) {
  uint32_t count = 100000;
  double s = 1.0;
  reader.integer("count", count, sim::Range::between(1, 4'000'000'000.0));
  reader.number("s", s, sim::Range::non_negative());
  return std::make_unique<ZipfKeys>(count, s);
});

}  // namespace
}  // namespace cachestorm::models
