#include "models/cache/shard_entries.hpp"

namespace cachestorm::models {

Entry& ShardEntries::insert(const Entry& entry) {
  const bool persistent = entry.expires_at == kNoExpiry;
  std::vector<Entry>& into = persistent ? persistent_ : volatile_;
  where_[entry.key] = static_cast<uint32_t>(into.size()) << 1 | (persistent ? 1u : 0u);
  return into.emplace_back(entry);
}

void ShardEntries::remove(uint32_t key) {
  const uint32_t code = where_[key];
  std::vector<Entry>& from = table(code);
  const uint32_t index = code >> 1;
  if (index + 1 != from.size()) {
    from[index] = from.back();
    where_[from[index].key] = code;
  }
  from.pop_back();
  where_[key] = kNotResident;
}

void ShardEntries::clear() {
  for (const Entry& entry : volatile_) where_[entry.key] = kNotResident;
  for (const Entry& entry : persistent_) where_[entry.key] = kNotResident;
  volatile_.clear();
  persistent_.clear();
}

}  // namespace cachestorm::models
