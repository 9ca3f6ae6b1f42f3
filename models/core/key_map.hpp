// A hash map from key ids (uint32_t, any but UINT32_MAX) to small values, for state the request
// path keeps for the few keys that are in some transient state (a fetch in flight, a refill
// cycle open): one flat array with linear probing and backward-shift deletion, so finding,
// adding and removing cost no allocation and touch one or two cache lines. It doubles when more
// than half full. Not a general container: no iteration order, pointers die on insert.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace cachestorm::models {

template <class V>
class KeyMap {
 public:
  KeyMap() : slots_(16) {}

  // The key's value, or nullptr.
  V* find(uint32_t key) {
    for (size_t i = home(key);; i = next(i)) {
      if (slots_[i].key == key) return &slots_[i].value;
      if (slots_[i].key == kEmpty) return nullptr;
    }
  }
  const V* find(uint32_t key) const { return const_cast<KeyMap*>(this)->find(key); }
  // The key's value, added as `value` if absent; *added says which.
  V& try_emplace(uint32_t key, const V& value, bool* added) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    size_t i = home(key);
    for (; slots_[i].key != kEmpty; i = next(i))
      if (slots_[i].key == key) {
        *added = false;
        return slots_[i].value;
      }
    slots_[i] = {key, value};
    ++size_;
    *added = true;
    return slots_[i].value;
  }
  // Removes the key if present.
  void erase(uint32_t key) {
    size_t i = home(key);
    while (slots_[i].key != key) {
      if (slots_[i].key == kEmpty) return;
      i = next(i);
    }
    // Backward shift: move later entries of the probe run into the hole when that keeps them
    // reachable from their home slot.
    for (size_t j = next(i);; j = next(j)) {
      if (slots_[j].key == kEmpty) break;
      const size_t h = home(slots_[j].key);
      if (((j - h) & mask()) >= ((j - i) & mask())) {
        slots_[i] = slots_[j];
        i = j;
      }
    }
    slots_[i].key = kEmpty;
    --size_;
  }
  size_t size() const { return size_; }
  // Calls f(key, value) for every entry, in no particular order. f must not add or remove.
  template <class F>
  void for_each(F f) {
    for (Slot& slot : slots_)
      if (slot.key != kEmpty) f(slot.key, slot.value);
  }
  void clear() {
    for (Slot& slot : slots_) slot.key = kEmpty;
    size_ = 0;
  }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  struct Slot {
    uint32_t key = kEmpty;
    V value{};
  };
  size_t mask() const { return slots_.size() - 1; }
  // Fibonacci hashing: the top bits of key × 2^64/φ.
  size_t home(uint32_t key) const { return (uint64_t{key} * 0x9E3779B97F4A7C15ull) >> shift_; }
  size_t next(size_t i) const { return (i + 1) & mask(); }
  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    --shift_;
    size_ = 0;
    bool added = false;
    for (const Slot& slot : old)
      if (slot.key != kEmpty) try_emplace(slot.key, slot.value, &added);
  }

  std::vector<Slot> slots_;  // size a power of two: 2^(64 - shift_)
  unsigned shift_ = 60;
  size_t size_ = 0;
};

}  // namespace cachestorm::models
