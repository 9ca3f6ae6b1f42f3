#include "models/memory_estimate.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>

namespace cachestorm::models {
namespace {

// Cache tier: 8 B (expiry time) per key; request path: 4 B (value size) per key.
constexpr double kCacheAndSizeBytesPerKey = 12.0;

}  // namespace

MemoryEstimate estimate_memory(const Scenario& scenario) {
  MemoryEstimate estimate;
  estimate.keys = scenario.workload.keys->key_count();
  estimate.bytes_per_key = kCacheAndSizeBytesPerKey + scenario.workload.keys->peak_bytes_per_key();
  estimate.key_space_bytes = static_cast<uint64_t>(estimate.bytes_per_key * static_cast<double>(estimate.keys));
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
