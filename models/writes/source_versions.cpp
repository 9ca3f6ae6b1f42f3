#include "models/writes/source_versions.hpp"

#include <cassert>

namespace cachestorm::models {

uint32_t SourceVersions::advance(uint32_t key, double t, bool behind) {
  Key& k = keys_[key];
  if (k.watchers > 0) {
    auto [it, added] = histories_.try_emplace(key, History{k.latest, k.began_s, {}});
    it->second.began.push_back(t);
  }
  if (behind && !k.ahead) {
    bool added = false;
    uncommitted_from_.try_emplace(key, k.latest, &added);
    k.ahead = 1;
  } else if (!behind && k.ahead) {
    uncommitted_from_.erase(key);
    k.ahead = 0;
  }
  ++k.latest;
  k.began_s = t;
  return k.latest;
}

void SourceVersions::commit(uint32_t key, uint32_t v) {
  Key& k = keys_[key];
  if (!k.ahead) return;  // committed == latest >= v
  uint32_t& committed = *uncommitted_from_.find(key);
  if (v > committed) committed = v;
  if (committed == k.latest) {
    uncommitted_from_.erase(key);
    k.ahead = 0;
  }
}

void SourceVersions::withdraw_unflushed(uint32_t key) {
  Key& k = keys_[key];
  if (k.ahead) {
    k.latest = *uncommitted_from_.find(key);
    uncommitted_from_.erase(key);
    k.ahead = 0;
  }
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
