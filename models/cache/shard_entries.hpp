// The entries resident in one Redis shard: its main dict (every key) and its expires dict (keys
// with a TTL), as two dense tables, so that a key can be sampled uniformly in O(1) from either,
// as Redis samples its dicts. A key's position lives in an array over the whole key space shared
// by the cluster's shards (4 B per key whether resident or not: a key belongs to one shard).
// Pure bookkeeping: no memory accounting, no policy (models/cache/shard_cache.hpp does those).
#pragma once
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/rng.hpp"

namespace cachestorm::models {

inline constexpr double kNoExpiry = std::numeric_limits<double>::infinity();

// What a GET reads (16 B, so four share a cache line); what the entry costs the shard's memory
// is kept apart (read only when it goes).
struct Entry {
  double expires_at;  // kNoExpiry: a key without a TTL
  uint32_t key;
  uint32_t access;    // the eviction policy's field (Redis's 24-bit "lru": LRU clock, or LFU time and counter)
};

// Which keys a sample or a policy may choose from (Redis's allkeys-* and volatile-*).
enum class KeyScope : uint8_t { kAllKeys, kVolatile };

class ShardEntries {
 public:
  static constexpr uint32_t kNotResident = UINT32_MAX;
  // REQUIRES: `where` has an element per key of the key space, kNotResident for keys not in any
  // shard, and outlives this object.
  explicit ShardEntries(std::vector<uint32_t>& where) : where_(where) {}

  // The key's entry, or nullptr. REQUIRES: the key belongs to this shard.
  Entry* find(uint32_t key) {
    const uint32_t at = where_[key];
    if (at == kNotResident) return nullptr;
    return &table(at)[at >> 1];
  }
  const Entry* find(uint32_t key) const {
    const uint32_t at = where_[key];
    if (at == kNotResident) return nullptr;
    return &table(at)[at >> 1];
  }
  // Adds an entry that costs `bytes` of used memory. REQUIRES: entry.key not resident.
  Entry& insert(const Entry& entry, uint32_t bytes);
  // What the key's entry costs. REQUIRES: resident.
  uint32_t bytes_of(uint32_t key) const {
    const uint32_t at = where_[key];
    return bytes(at)[at >> 1];
  }
  // What entry i (as for at()) costs.
  uint32_t bytes_at(uint32_t i) const {
    return i < volatile_.size() ? volatile_bytes_[i] : persistent_bytes_[i - volatile_.size()];
  }
  // Removes the key's entry (the last entry of its table takes its place). REQUIRES: resident.
  void remove(uint32_t key);
  // Removes every entry.
  void clear();

  uint32_t size() const { return static_cast<uint32_t>(volatile_.size() + persistent_.size()); }
  uint32_t volatile_size() const { return static_cast<uint32_t>(volatile_.size()); }
  // Entry i of the scope, 0 <= i < size (volatile keys come first, so index i < volatile_size()
  // names the same entry in both scopes).
  const Entry& at(uint32_t i) const {
    return i < volatile_.size() ? volatile_[i] : persistent_[i - volatile_.size()];
  }
  uint32_t size(KeyScope scope) const { return scope == KeyScope::kAllKeys ? size() : volatile_size(); }
  void prefetch_at(uint32_t i) const { __builtin_prefetch(&at(i)); }
  // A uniform draw from the scope's entries, or nullptr if it has none.
  const Entry* sample(KeyScope scope, sim::Rng& rng) const {
    const uint32_t n = size(scope);
    return n == 0 ? nullptr : &at(rng.below(n));
  }
  // Starts loading the key's entry (read when its command starts).
  void prefetch(uint32_t key) const {
    const uint32_t at = where_[key];
    if (at != kNotResident) __builtin_prefetch(&table(at)[at >> 1]);
  }
  // Starts loading the key's entry and its cost (read when it goes).
  void prefetch_with_cost(uint32_t key) const {
    const uint32_t at = where_[key];
    if (at == kNotResident) return;
    __builtin_prefetch(&table(at)[at >> 1]);
    __builtin_prefetch(&bytes(at)[at >> 1]);
  }
  // Loads the key's entry and its cost (a sum of their fields, for keep_loaded; 0 if none).
  uint64_t load_with_cost(uint32_t key) const {
    const uint32_t at = where_[key];
    if (at == kNotResident) return 0;
    return table(at)[at >> 1].access + bytes(at)[at >> 1];
  }

 private:
  // Position code: index << 1 | 1 for a key without a TTL (the persistent table).
  std::vector<Entry>& table(uint32_t code) { return (code & 1) ? persistent_ : volatile_; }
  const std::vector<Entry>& table(uint32_t code) const { return (code & 1) ? persistent_ : volatile_; }
  std::vector<uint32_t>& bytes(uint32_t code) { return (code & 1) ? persistent_bytes_ : volatile_bytes_; }
  const std::vector<uint32_t>& bytes(uint32_t code) const { return (code & 1) ? persistent_bytes_ : volatile_bytes_; }

  std::vector<uint32_t>& where_;
  std::vector<Entry> volatile_;    // keys with a TTL (Redis's expires dict)
  std::vector<Entry> persistent_;  // keys without
  std::vector<uint32_t> volatile_bytes_, persistent_bytes_;  // beside each table, entry by entry
};

}  // namespace cachestorm::models
