#include "models/memory_estimate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace cachestorm::models {
namespace {

// Cache: 8 B (expiry time) per key; key space: 4 B (value size) and 2 B (hash slot) per key.
constexpr double kCacheAndSizeBytesPerKey = 14.0;


}  // namespace

MemoryEstimate estimate_memory(const Scenario& scenario) {
  MemoryEstimate estimate;
  double key_bytes = 0.0;
  for (const auto& key_class : scenario.workload.key_classes) {
    const auto count = static_cast<double>(key_class.keys->key_count());
    key_bytes += count * (kCacheAndSizeBytesPerKey + key_class.keys->peak_bytes_per_key());
    estimate.keys += key_class.keys->key_count();
  }
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
