#include "models/writes/source_versions.hpp"

#include <cassert>

namespace cachestorm::models {

uint32_t SourceVersions::advance(uint32_t key, double t, bool behind) {
  Key& k = keys_[key];
  if (k.watchers > 0) {
    auto [it, added] = histories_.try_emplace(key, History{k.latest, k.began_s, {}});
    it->second.began.push_back(t);
  }
  ++k.latest;
  if (!behind) k.committed = k.latest;
  k.began_s = t;
  return k.latest;
}

void SourceVersions::withdraw_unflushed(uint32_t key) {
  Key& k = keys_[key];
  k.latest = k.committed;
  const auto it = histories_.find(key);
  assert(it != histories_.end());  // the unflushed writes watched it before their versions began
  History& h = it->second;
  h.began.resize(k.latest - h.base);  // base <= committed: nothing was unflushed when it began
  k.began_s = h.began.empty() ? h.base_began_s : h.began.back();
}

double SourceVersions::superseded_at(uint32_t key, uint32_t v) const {
  const Key& k = keys_[key];
  assert(v < k.latest);
  if (v + 1 == k.latest) return k.began_s;
  const auto it = histories_.find(key);
  assert(it != histories_.end() && v >= it->second.base && v - it->second.base < it->second.began.size());
  return it->second.began[v - it->second.base];
}

}  // namespace cachestorm::models
