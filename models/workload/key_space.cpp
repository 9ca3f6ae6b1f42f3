#include "models/workload/key_space.hpp"

#include <algorithm>
#include <cmath>

#include "models/cache/hash_slot.hpp"

namespace cachestorm::models {
namespace {

constexpr std::string_view kIdField = "{id}";

std::string format_name(const std::string& pattern, uint32_t id) {
  const size_t at = pattern.find(kIdField);
  std::string name = pattern.substr(0, at);
  name += std::to_string(id);
  name.append(pattern, at + kIdField.size());
  return name;
}

}  // namespace

std::string pattern_problem(const std::string& pattern) {
  const size_t at = pattern.find(kIdField);
  if (at == std::string::npos) return "must contain {id} (where the key's number goes)";
  if (pattern.find(kIdField, at + 1) != std::string::npos) return "must contain {id} exactly once";
  if (pattern.size() > 200) return "must be at most 200 bytes";
  return {};
}

KeySpace::KeySpace(const std::vector<KeyClassConfig>& classes, const sim::RngStreams& streams, bool with_slots) {
  double total_share = 0.0;
  for (const auto& c : classes) total_share += c.share;
  double cumulative = 0.0;
  uint64_t first = 0;
  for (const auto& c : classes) {
    cumulative += c.share;
    const double cut = std::ldexp(cumulative / total_share, 64);
    const uint64_t share_cut = &c == &classes.back() || cut >= 0x1.0p64 ? UINT64_MAX : static_cast<uint64_t>(cut);
    classes_.push_back({&c, static_cast<uint32_t>(first), share_cut});
    c.keys->prepare();
    sim::Rng rng = streams.stream("workload/value_size/" + c.name);
    const uint32_t count = c.keys->key_count();
    for (uint32_t k = 0; k < count; ++k)
      value_bytes_.push_back(static_cast<uint32_t>(std::llround(std::min(c.value_size_bytes->sample(rng), 4.0e9))));
    first += count;
  }
  if (!with_slots) return;
  slots_.resize(value_bytes_.size());
  for (const auto& c : classes_) {
    const uint32_t count = c.config->keys->key_count();
    for (uint32_t k = 0; k < count; ++k) slots_[c.first_key + k] = hash_slot(format_name(c.config->pattern, k));
  }
}

uint32_t KeySpace::class_of(uint32_t key) const {
  size_t c = classes_.size() - 1;
  while (c > 0 && key < classes_[c].first_key) --c;
  return static_cast<uint32_t>(c);
}

std::string KeySpace::name(uint32_t key) const {
  const Class& c = classes_[class_of(key)];
  return format_name(c.config->pattern, key - c.first_key);
}

void KeySpace::draw(sim::Rng& rng, uint32_t* keys, size_t n) const {
  if (classes_.size() == 1) {
    classes_[0].config->keys->sample_batch(rng, keys, n);
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    const uint64_t pick = rng.next_u64();
    size_t c = 0;
    while (pick >= classes_[c].share_cut && c + 1 < classes_.size()) ++c;
    keys[i] = classes_[c].first_key + classes_[c].config->keys->sample(rng);
  }
}

}  // namespace cachestorm::models
