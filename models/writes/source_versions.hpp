// The source of truth's versions, per key of the key space: the version the origin holds
// (committed), the newest version any write made (latest; ahead of committed only under
// write_behind, between a write's SET and its flush), and when latest began. Every key starts at
// version 0, what a warm start and every read before the first write see.
// For a value of version v < latest, superseded_at(key, v) is when the truth moved past v: known
// for v = latest - 1 always, and for older versions while the key is watched (a read or a write
// whose version is still on its way into the cache, or an unflushed write_behind write): a key
// that gets a new version while watched keeps a history until nobody watches it, so versions
// stay exact without a history per key. Memory: 16 B per key (one record never straddles two cache
// lines), plus a few bytes per version made while watched and per key whose latest version is not
// committed yet. Plain bookkeeping; no clock, no metrics.
#pragma once
#include <bit>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "models/core/key_map.hpp"

namespace cachestorm::models {

class SourceVersions {
 public:
  explicit SourceVersions(uint32_t key_count) : keys_(key_count) {}

  uint32_t latest(uint32_t key) const { return keys_[key].latest; }
  uint32_t committed(uint32_t key) const {
    const Key& k = keys_[key];
    return k.ahead ? *uncommitted_from_.find(key) : k.latest;
  }
  double began_s(uint32_t key) const { return keys_[key].began_s; }
  // A new version of the key begins at t (a source update: committed too, unless `behind`, a
  // write_behind SET whose flush is to come). Returns it.
  uint32_t advance(uint32_t key, double t, bool behind);
  // The origin now holds version v (a write_behind flush); an older one than it holds is ignored.
  void commit(uint32_t key, uint32_t v);
  // Unflushed write_behind versions were lost with their shard: latest falls back to committed.
  void withdraw_unflushed(uint32_t key);
  // When the truth moved past version v. REQUIRES: v < latest(key); v == latest - 1, or the key
  // has been watched since v was the latest or committed version.
  double superseded_at(uint32_t key, uint32_t v) const;
  // Keeps the start times of the key's later versions until as many unwatch() calls.
  void watch(uint32_t key) { ++keys_[key].watchers; }
  // REQUIRES: as many watch() calls before.
  void unwatch(uint32_t key) {
    if (--keys_[key].watchers == 0 && !histories_.empty()) histories_.erase(key);
  }
  // Keys with versions not yet at the origin (latest > committed): each has a history, as its
  // unflushed writes watch it from before their versions began.
  template <class F>
  void for_each_unflushed(F f) const {
    for (const auto& [key, history] : histories_)
      if (keys_[key].ahead) f(key);
  }
  // Loads the key's record (a sum of its fields, for keep_loaded).
  uint64_t load(uint32_t key) const { return keys_[key].latest + std::bit_cast<uint64_t>(keys_[key].began_s); }
  // Starts loading the key's record.
  void prefetch(uint32_t key) const { __builtin_prefetch(&keys_[key]); }

 private:
  struct Key {  // 16 B, aligned: one cache line, one miss, per key
    uint32_t latest = 0;
    uint32_t watchers : 31 = 0;  // kept with the versions: one record per key
    uint32_t ahead : 1 = 0;      // latest > committed (a write_behind version not flushed yet)
    double began_s = 0.0;
  };
  static_assert(sizeof(Key) == 16);
  struct History {
    uint32_t base;               // latest when the first version made while watched began
    double base_began_s;         // when version base began
    std::vector<double> began;   // began[i]: when version base + 1 + i began
  };
  std::vector<Key> keys_;
  std::unordered_map<uint32_t, History> histories_;  // keys given versions while watched
  KeyMap<uint32_t> uncommitted_from_;                 // committed version of each key with ahead set
};

}  // namespace cachestorm::models
