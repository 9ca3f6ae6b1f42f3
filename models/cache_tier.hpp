// The cache tier: `nodes` cache nodes holding entries with a TTL, keyed by dense key id.
// An entry is valid while now < expires_at; expiry is noticed lazily by the first lookup after it
// (that lookup reports kExpired, later ones kMiss). A node that goes down loses its contents (no
// persistence) and comes back empty. No memory limit or eviction yet; keys map to nodes by a
// fixed hash. Memory: 8 bytes per key of the key space. Not thread-safe.
#pragma once
#include <cstdint>
#include <vector>

#include "models/scenario.hpp"

namespace cachestorm::models {

class CacheTier {
 public:
  enum class Lookup { kHit, kMiss, kExpired, kNodeDown };

  // REQUIRES: key_count >= 1. With config.warm_start every key is valid until config.ttl_s.
  CacheTier(const CacheConfig& config, uint32_t key_count);

  uint32_t node_of(uint32_t key) const;
  // What a GET for `key` arriving at its node at time t finds.
  Lookup lookup(uint32_t key, double t);
  // Starts loading the entry of `key` into the CPU cache; changes nothing.
  void prefetch(uint32_t key) const { __builtin_prefetch(&expires_at_[key]); }
  // A SET arriving at time t stores the key until t + ttl; returns false (nothing stored) if the
  // node is down.
  bool fill(uint32_t key, double t);
  // Marks a node up or down; going down drops every entry the node held.
  void set_node_up(uint32_t node, bool up);
  // Keys valid at time t (a scan of the key space: for summaries, not the request path).
  uint64_t resident_keys(double t) const;

 private:
  static constexpr double kAbsent = -1.0;
  double ttl_s_;
  std::vector<double> expires_at_;  // kAbsent, or the time the entry stops being valid
  std::vector<uint8_t> node_up_;
};

}  // namespace cachestorm::models
