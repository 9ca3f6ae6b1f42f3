#include "models/cache_tier.hpp"

#include "sim/rng.hpp"

namespace cachestorm::models {

CacheTier::CacheTier(const CacheConfig& config, uint32_t key_count)
    : ttl_s_(config.ttl_s),
      expires_at_(key_count, config.warm_start ? config.ttl_s : kAbsent),
      node_up_(config.nodes, 1) {}

uint32_t CacheTier::node_of(uint32_t key) const {
  const auto nodes = static_cast<uint32_t>(node_up_.size());
  return nodes == 1 ? 0 : static_cast<uint32_t>(sim::mix64(key) % nodes);
}

CacheTier::Lookup CacheTier::lookup(uint32_t key, double t) {
  if (!node_up_[node_of(key)]) return Lookup::kNodeDown;
  double& expires = expires_at_[key];
  if (t < expires) return Lookup::kHit;
  if (expires == kAbsent) return Lookup::kMiss;
  expires = kAbsent;
  return Lookup::kExpired;
}

bool CacheTier::fill(uint32_t key, double t) {
  if (!node_up_[node_of(key)]) return false;
  expires_at_[key] = t + ttl_s_;
  return true;
}

void CacheTier::set_node_up(uint32_t node, bool up) {
  node_up_[node] = up ? 1 : 0;
  if (up) return;
  for (uint32_t key = 0; key < expires_at_.size(); ++key)
    if (node_of(key) == node) expires_at_[key] = kAbsent;
}

uint64_t CacheTier::resident_keys(double t) const {
  uint64_t count = 0;
  for (double expires : expires_at_) count += t < expires ? 1 : 0;
  return count;
}

}  // namespace cachestorm::models
