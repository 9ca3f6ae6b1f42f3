#include "models/memory_estimate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace cachestorm::models {
namespace {

// Key space: 4 B (where its entry is), 4 B (value size; none when every class's size is fixed)
// and 2 B (hash slot) per key.
constexpr double kKeySpaceBytesPerKey = 10.0;
// A resident entry: 16 B and 4 B for its memory cost, twice that while its shard's tables double.
constexpr double kEntryBytes = 40.0;
// The fetch time stored with each key's value, kept when a class has read strategies (XFetch).
constexpr double kFetchTimeBytes = 4.0;

// With writes: the source's versions, watchers and the latest one's start (16 B, one record) per
// key of the key space (cache entries carry no version: the staleness ledger's open windows say
// which are superseded).
constexpr double kVersionBytes = 16.0;

bool has_writes(const Scenario& scenario) {
  for (const auto& key_class : scenario.workload.key_classes)
    if (key_class.writes) return true;
  return false;
}

bool reads_values(const Scenario& scenario) {
  for (const StrategyList& list : scenario.app.class_strategies)
    for (const StrategyEntry& entry : list)
      if (entry.strategy->stage() == Strategy::Stage::kRead) return true;
  return false;
}

// Keys the shards can hold at once: every key, or what maxmemory admits at the least an entry costs.
double resident_bound(const Scenario& scenario, double keys) {
  const MemoryConfig& memory = scenario.cache.memory;
  if (!scenario.cache.enabled) return 0.0;
  if (memory.maxmemory_bytes == 0) return keys;
  const double per_shard = static_cast<double>(memory.maxmemory_bytes) / static_cast<double>(entry_bytes(memory, 0, 0, false)) + 1;
  return std::min(keys, per_shard * scenario.cache.nodes);
}

}  // namespace

MemoryEstimate estimate_memory(const Scenario& scenario) {
  MemoryEstimate estimate;
  double key_bytes = 0.0;
  for (const auto& key_class : scenario.workload.key_classes) {
    const auto count = static_cast<double>(key_class.keys->key_count());
    key_bytes += count * (kKeySpaceBytesPerKey + key_class.keys->peak_bytes_per_key());
    estimate.keys += key_class.keys->key_count();
  }
  key_bytes += kEntryBytes * resident_bound(scenario, static_cast<double>(estimate.keys));
  if (scenario.cache.enabled && scenario.cache.eviction)
    key_bytes += scenario.cache.eviction->bytes_per_key() * static_cast<double>(estimate.keys);
  if (reads_values(scenario)) key_bytes += kFetchTimeBytes * static_cast<double>(estimate.keys);
  if (has_writes(scenario)) key_bytes += kVersionBytes * static_cast<double>(estimate.keys);
  estimate.bytes_per_key = key_bytes / static_cast<double>(std::max<uint64_t>(estimate.keys, 1));
  estimate.key_space_bytes = static_cast<uint64_t>(key_bytes);
  return estimate;
}

uint32_t in_flight_bound(const MemoryEstimate& estimate, uint64_t budget_bytes) {
  if (budget_bytes <= estimate.static_bytes()) return 0;
  const uint64_t fits = (budget_bytes - estimate.static_bytes()) / MemoryEstimate::kBytesPerInFlight;
  return static_cast<uint32_t>(std::min<uint64_t>(fits, std::numeric_limits<uint32_t>::max() - 1));
}

std::string human_bytes(double bytes) {
  char text[32];
  if (bytes >= 1e9) {
    std::snprintf(text, sizeof text, "%.1f GB", bytes / 1e9);
  } else {
    std::snprintf(text, sizeof text, "%.0f MB", bytes / 1e6);
  }
  return text;
}

}  // namespace cachestorm::models
