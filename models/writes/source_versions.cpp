#include "models/writes/source_versions.hpp"

#include <cassert>

namespace cachestorm::models {

uint32_t SourceVersions::advance(uint32_t key, double t, bool behind) {
  Key& k = keys_[key];
  ++k.latest;
  if (!behind) k.committed = k.latest;
  k.began_s = t;
  if (auto it = watches_.find(key); it != watches_.end()) it->second.began.push_back(t);
  return k.latest;
}

void SourceVersions::withdraw_unflushed(uint32_t key) {
  Key& k = keys_[key];
  k.latest = k.committed;
  if (auto it = watches_.find(key); it != watches_.end()) {
    Watch& w = it->second;
    w.began.resize(k.latest - w.base);  // base <= committed: a watch begins with nothing unflushed
    k.began_s = w.began.empty() ? w.base_began_s : w.began.back();
  }
}

double SourceVersions::superseded_at(uint32_t key, uint32_t v) const {
  const Key& k = keys_[key];
  assert(v < k.latest);
  if (v + 1 == k.latest) return k.began_s;
  const auto it = watches_.find(key);
  assert(it != watches_.end() && v >= it->second.base && v - it->second.base < it->second.began.size());
  return it->second.began[v - it->second.base];
}

void SourceVersions::watch(uint32_t key) {
  auto [it, added] = watches_.try_emplace(key, Watch{0, keys_[key].latest, keys_[key].began_s, {}});
  ++it->second.watchers;
}

void SourceVersions::unwatch(uint32_t key) {
  auto it = watches_.find(key);
  assert(it != watches_.end());
  if (--it->second.watchers == 0) watches_.erase(it);
}

}  // namespace cachestorm::models
