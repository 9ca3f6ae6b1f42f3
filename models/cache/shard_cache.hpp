// The keyspace of one Redis shard: its entries, its used memory against maxmemory, its eviction
// policy, and its expiry (lazily on access, and the active cycle). What a command does to the
// data, not when it runs: the shard server (shard_server.hpp) decides when a command starts, and
// the cluster calls this at that instant.
//
// Memory follows Redis: used = base + Σ entries (models/cache/redis_memory.hpp: dict entries,
// name and value as Redis allocates them) + the bucket arrays of the main and expires hash
// tables, which grow and shrink in powers of two (models/cache/README.md). Expired keys hold
// their memory until they are removed. Before every command the shard evicts while used memory is
// over maxmemory (server.c: performEvictions in processCommand); if it cannot get under (nothing
// to evict, or noeviction) a SET fails with OOM and a GET still runs. A SET is checked before it
// adds its entry, so used memory may exceed maxmemory by the last SET until the next command.
// Simplified: no eviction time limit or background eviction (Redis stops after ~500 µs per command
// and continues in its event loop).
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "models/cache/eviction_policy.hpp"
#include "models/cache/redis_memory.hpp"
#include "models/cache/shard_entries.hpp"
#include "sim/rng.hpp"

namespace cachestorm::models {


// A Redis dict's bucket count for n keys (dict.c, Redis 7.0: 4 buckets at first, doubled when
// an insert finds as many keys as buckets, shrunk by the server cron to the smallest power of two
// holding the keys once they fill less than 10 %). `buckets` is the current count.
uint64_t dict_buckets_after(uint64_t buckets, uint64_t keys);

// Redis's active expiry cycle (expire.c, activeExpireCycle, slow cycle at effort 1): hz times a
// second, loops of keys_per_loop keys drawn from those with a TTL, expired ones removed, repeated
// while more than acceptable_stale_percent of a loop had expired and the cycle is within its time
// limit. The cycle runs on the shard's thread: it costs key_cost_s per key it looks at.
// Simplified: keys are drawn uniformly (Redis 7 walks its expires table from a cursor), there is
// no fast cycle, and the time limit counts the modelled cost only.
struct ActiveExpiryConfig {
  double hz = 10.0;                        // cycles per second; 0: lazy expiry only
  uint32_t keys_per_loop = 20;             // ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP
  uint32_t acceptable_stale_percent = 10;  // ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE
  double time_limit_percent = 25.0;        // ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC, of one 1/hz tick
  double key_cost_s = 1e-7;                // CPU per key looked at (see models/cache/README.md)
};

class ShardCache {
 public:
  enum class Found : uint8_t { kHit, kMiss, kExpired };  // kExpired: found past its TTL and removed
  struct Cycle {
    uint32_t examined = 0;
    uint32_t expired = 0;
    double cpu_s = 0.0;
  };

  // REQUIRES: `where` as for ShardEntries; policy non-null.
  ShardCache(const MemoryConfig& memory, std::unique_ptr<EvictionPolicy> policy, std::vector<uint32_t>& where,
             sim::Rng rng);

  // Evicts while used memory is over maxmemory; returns how many keys it evicted. Call before
  // every command, at its start.
  uint32_t make_room(double now) { return over_limit() ? evict(now) : 0; }
  // A GET of the key at now (a key of this shard). On a hit, *expires_at (if given) is the
  // entry's expiry.
  Found get(uint32_t key, double now, double* expires_at = nullptr) {
    Entry* entry = entries_.find(key);
    if (entry == nullptr) return Found::kMiss;
    if (now >= entry->expires_at) {
      drop(key);
      return Found::kExpired;
    }
    if (expires_at != nullptr) *expires_at = entry->expires_at;
    if (tracks_access_) policy_->accessed(*entry, now, rng_);
    return Found::kHit;
  }
  // A SET at now of the key (whose name takes name_bytes) with a value of value_bytes, valid
  // until expires_at (kNoExpiry: no TTL). Returns false (OOM, nothing stored) if used memory is
  // still over maxmemory (unless !within_limit: a replica stores what its primary sends, as
  // Redis's replica-ignore-maxmemory yes does).
  bool set(uint32_t key, double now, double expires_at, uint32_t name_bytes, uint32_t value_bytes,
           bool within_limit = true);
  // A DEL of the key: removes its entry (expired or not). False: there was none.
  bool remove(uint32_t key) {
    if (entries_.find(key) == nullptr) return false;
    drop(key);
    return true;
  }
  // From now on, every key evict() removes is appended to *log (the caller empties it).
  void log_evictions(std::vector<uint32_t>* log) { evicted_log_ = log; }
  // From now on, every key the active expiry cycle removes is appended to *log.
  void log_expirations(std::vector<uint32_t>* log) { expired_log_ = log; }
  // One active expiry cycle at now.
  Cycle active_expire(double now, const ActiveExpiryConfig& config);
  // The shard lost its data (a restart without persistence).
  void clear();

  uint64_t used_bytes() const { return used_bytes_; }
  // Memory held beside the entries (distributed single-flight's locks): delta bytes more or less.
  void hold_bytes(int64_t delta) { used_bytes_ = static_cast<uint64_t>(static_cast<int64_t>(used_bytes_) + delta); }
  // The hash tables' bucket arrays' share of used_bytes().
  uint64_t table_bytes() const { return (main_buckets_ + expires_buckets_) * memory_.bucket_bytes; }
  uint32_t keys() const { return entries_.size(); }
  bool over_limit() const { return memory_.maxmemory_bytes != 0 && used_bytes_ > memory_.maxmemory_bytes; }
  const ShardEntries& entries() const { return entries_; }
  void prefetch(uint32_t key) const { entries_.prefetch(key); }
  void prefetch_with_cost(uint32_t key) const { entries_.prefetch_with_cost(key); }
  uint64_t load_entry(uint32_t key) const { return entries_.load_with_cost(key); }

 private:
  uint32_t evict(double now);
  void drop(uint32_t key) {
    used_bytes_ -= entries_.bytes_of(key);
    entries_.remove(key);
    policy_->removed(key);
    resize_tables();
  }
  // Brings the bucket arrays' share of used memory up to date with the key counts.
  void resize_tables() {
    const uint64_t main = dict_buckets_after(main_buckets_, entries_.size());
    const uint64_t expires = dict_buckets_after(expires_buckets_, entries_.volatile_size());
    if (main == main_buckets_ && expires == expires_buckets_) return;
    used_bytes_ += (main + expires - main_buckets_ - expires_buckets_) * memory_.bucket_bytes;
    main_buckets_ = main;
    expires_buckets_ = expires;
  }

  MemoryConfig memory_;
  std::unique_ptr<EvictionPolicy> policy_;
  bool tracks_access_;
  ShardEntries entries_;
  sim::Rng rng_;
  uint64_t used_bytes_;
  uint64_t main_buckets_ = 0;
  uint64_t expires_buckets_ = 0;
  std::vector<uint32_t>* evicted_log_ = nullptr;
  std::vector<uint32_t>* expired_log_ = nullptr;
};

}  // namespace cachestorm::models
