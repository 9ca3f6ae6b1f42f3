#include "models/cache/shard_entries.hpp"

namespace cachestorm::models {

Entry& ShardEntries::insert(const Entry& entry, uint32_t entry_bytes) {
  const uint32_t code = entry.expires_at == kNoExpiry ? 1u : 0u;
  std::vector<Entry>& into = table(code);
  where_[entry.key] = static_cast<uint32_t>(into.size()) << 1 | code;
  bytes(code).push_back(entry_bytes);
  return into.emplace_back(entry);
}

void ShardEntries::remove(uint32_t key) {
  const uint32_t code = where_[key];
  std::vector<Entry>& from = table(code);
  std::vector<uint32_t>& from_bytes = bytes(code);
  const uint32_t index = code >> 1;
  if (index + 1 != from.size()) {
    from[index] = from.back();
    from_bytes[index] = from_bytes.back();
    where_[from[index].key] = code;
  }
  from.pop_back();
  from_bytes.pop_back();
  where_[key] = kNotResident;
}

void ShardEntries::clear() {
  for (const Entry& entry : volatile_) where_[entry.key] = kNotResident;
  for (const Entry& entry : persistent_) where_[entry.key] = kNotResident;
  volatile_.clear();
  persistent_.clear();
  volatile_bytes_.clear();
  persistent_bytes_.clear();
}

}  // namespace cachestorm::models
