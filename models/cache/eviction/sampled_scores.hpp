// What the sampled policies read from a key's access field, as evict.c computes it: the LRU idle
// time in clock seconds, and the LFU counter decayed to now (Redis's 16-bit minute clock and
// 8-bit logarithmic counter, models/cache/lfu_counter.hpp). The factories' shared settings too.
#pragma once
#include <cstdint>

#include "models/cache/eviction_policy.hpp"
#include "models/cache/lfu_counter.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {

// Seconds since the entry's last access on the LRU clock (evict.c: estimateObjectIdleTime).
inline double lru_idle_s(const Entry& entry, double now) {
  return static_cast<double>(lru_clock(now)) - static_cast<double>(entry.access);
}

// Redis's LFU minute clock: 16 bits of minutes (evict.c: LFUGetTimeInMinutes).
inline uint32_t lfu_minutes(double now) { return static_cast<uint32_t>(now / 60.0) & 0xFFFFu; }

// The entry's LFU counter decayed to now (evict.c: LFUDecrAndReturn), without storing it.
inline uint8_t lfu_counter_now(uint32_t access, double now, const LfuConfig& config) {
  const uint32_t then = access >> 8;
  const uint32_t minutes = lfu_minutes(now);
  const uint32_t elapsed = minutes >= then ? minutes - then : 65535 - then + minutes;
  return lfu_decayed(static_cast<uint8_t>(access & 0xFFu), elapsed, config);
}

// maxmemory-samples (redis.conf default 5).
inline uint32_t read_samples(sim::ConfigReader& reader) {
  uint32_t samples = 5;
  reader.integer("samples", samples, sim::Range::between(1, 64));
  return samples;
}

inline LfuConfig read_lfu(sim::ConfigReader& reader) {
  LfuConfig config;
  reader.number("lfu_log_factor", config.log_factor, sim::Range::non_negative());
  reader.integer("lfu_decay_time_minutes", config.decay_time_minutes, sim::Range::between(0, 65535));
  return config;
}

}  // namespace cachestorm::models
