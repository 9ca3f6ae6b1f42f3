// "zipf": P(key k) proportional to 1 / (k + 1)^s over `count` keys (k = 0 is the most popular).
// Sampled exactly in O(1) with two alias tables: one for the first kHeadKeys keys (small enough
// to stay in a CPU cache, and holding most of the mass when s is near 1) and one for the rest;
// a first 64-bit draw picks the table by its total mass, a second draws within it.
// Memory: 8 bytes per key once built (20 while building); nothing until prepare() or the first draw.
#include <cmath>
#include <memory>
#include <optional>
#include <vector>

#include "models/workload/alias_table.hpp"
#include "models/workload/key_popularity.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

constexpr uint32_t kHeadKeys = 32768;
constexpr size_t kBatch = 64;

// The weight (k + 1)^-s. For s = 1 by division, correctly rounded and 60 times cheaper than pow,
// which on glibc differs from it by one ulp for about 0.08 % of k (k = 1922 is the first).
double zipf_weight(uint32_t k, double s) {
  const double x = static_cast<double>(k) + 1.0;
  return s == 1.0 ? 1.0 / x : std::pow(x, -s);
}

// The weights of keys first..end-1 (written once each: no zero fill first), and their sum, added
// in key order.
std::unique_ptr<double[]> zipf_weights(uint32_t first, uint32_t end, double s, double& total) {
  std::unique_ptr<double[]> weights(new double[end - first]);
  total = 0.0;
  for (uint32_t k = first; k < end; ++k) total += weights[k - first] = zipf_weight(k, s);
  return weights;
}

class ZipfKeys final : public KeyPopularity {
 public:
  ZipfKeys(uint32_t count, double s) : count_(count), s_(s), head_keys_(std::min(count, kHeadKeys)) {}
  uint32_t sample(sim::Rng& rng) const override {
    const Tables& t = tables();
    if (!t.tail || rng.next_u64() < t.head_cut) return t.head->sample(rng);
    return head_keys_ + t.tail->sample(rng);
  }
  void sample_batch(sim::Rng& rng, uint32_t* keys, size_t n) const override {
    // Same draws in the same order as sample(); phase one loads every column before phase two reads.
    // Branch-free: which table a draw uses is a coin the predictor cannot learn.
    const Tables& t = tables();
    if (!t.tail) {  // one table: one draw per key
      for (size_t i = 0; i < n; ++i) keys[i] = t.head->sample(rng);
      return;
    }
    const AliasTable* table[2] = {&*t.head, &*t.tail};
    const uint32_t offset[2] = {0, head_keys_};
    const uint64_t cut = t.head_cut;
    uint64_t bits[kBatch];
    uint8_t from_tail[kBatch];
    for (size_t done = 0; done < n; done += kBatch) {
      const size_t m = std::min(kBatch, n - done);
      for (size_t i = 0; i < m; ++i) {
        from_tail[i] = rng.next_u64() >= cut ? 1 : 0;
        bits[i] = rng.next_u64();
        table[from_tail[i]]->prefetch(bits[i]);
      }
      for (size_t i = 0; i < m; ++i) keys[done + i] = offset[from_tail[i]] + table[from_tail[i]]->resolve(bits[i]);
    }
  }
  uint32_t key_count() const override { return count_; }
  double probability(uint32_t key) const override { return zipf_weight(key, s_) / tables().total; }
  bool descending() const override { return true; }
  void prepare() const override { tables(); }
  void release() const override { tables_.reset(); }
  // Weights (8 B, scaled in place by the alias construction) and its work lists (4 B) live beside
  // the finished columns (8 B) while a table is built.
  double peak_bytes_per_key() const override { return 20.0; }

 private:
  struct Tables {
    double total = 0.0;
    uint64_t head_cut = UINT64_MAX;
    std::optional<AliasTable> head;
    std::optional<AliasTable> tail;
  };
  const Tables& tables() const {
    if (!tables_) tables_ = build();
    return *tables_;
  }
  std::unique_ptr<Tables> build() const {
    auto t = std::make_unique<Tables>();
    // A table is built on its weights in place (it overwrites them).
    double head_total = 0.0;
    const auto head = zipf_weights(0, head_keys_, s_, head_total);
    t->head.emplace(head.get(), head_keys_, head_total);
    t->total = head_total;
    if (count_ > head_keys_) {
      double tail_total = 0.0;
      const auto tail = zipf_weights(head_keys_, count_, s_, tail_total);
      t->tail.emplace(tail.get(), count_ - head_keys_, tail_total);
      t->total += tail_total;
    }
    const double head_share = head_total / t->total;
    t->head_cut = head_share >= 1.0 ? UINT64_MAX : static_cast<uint64_t>(std::ldexp(head_share, 64));
    return t;
  }

  uint32_t count_;
  double s_;
  uint32_t head_keys_;
  mutable std::unique_ptr<Tables> tables_;  // built once, on prepare() or the first draw
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
