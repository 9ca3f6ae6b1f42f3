#include "models/cache/eviction/eviction_pool.hpp"

namespace cachestorm::models {

void EvictionPool::insert(uint32_t key, double score) {
  int k = 0;
  while (k < kSize && pool_[k].used && pool_[k].score < score) ++k;
  const bool full = pool_[kSize - 1].used;
  if (k == 0 && full) return;  // no better than anything in a full pool
  if (k < kSize && !pool_[k].used) {
    // A free place right after the lower-scoring entries.
  } else if (!full) {
    for (int i = kSize - 1; i > k; --i) pool_[i] = pool_[i - 1];  // make room at k
  } else {
    --k;  // full: drop the lowest entry, shift the ones below k down
    for (int i = 0; i < k; ++i) pool_[i] = pool_[i + 1];
  }
  pool_[k] = {score, key, true};
}

bool EvictionPool::in_scope(const ShardEntries& entries, uint32_t key, KeyScope scope) {
  const Entry* entry = entries.find(key);
  return entry != nullptr && (scope == KeyScope::kAllKeys || entry->expires_at != kNoExpiry);
}

}  // namespace cachestorm::models
