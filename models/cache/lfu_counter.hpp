// Redis's LFU access counter (evict.c: LFULogIncr and LFUDecrAndReturn, Redis 7), per key: an
// 8-bit logarithmic counter that a new key starts at kLfuInitialValue (5). Each access first
// decays it by one per lfu-decay-time minutes since the key's last access, then increments it
// with probability 1 / ((counter − 5)₊ · lfu-log-factor + 1), saturating at 255. The eviction
// policies of the shards use it; checked against a real redis-server
// (scripts/measure_redis_lfu.sh). Not modelled: the 16-bit minute clock's wrap (every 45 days).
#pragma once
#include <cstdint>

#include "sim/rng.hpp"

namespace cachestorm::models {

inline constexpr uint8_t kLfuInitialValue = 5;

struct LfuConfig {  // redis.conf's defaults
  double log_factor = 10.0;         // lfu-log-factor
  uint32_t decay_time_minutes = 1;  // lfu-decay-time; 0: never decays
};

// The counter after `elapsed_minutes` without access. REQUIRES: nothing.
uint8_t lfu_decayed(uint8_t counter, uint64_t elapsed_minutes, const LfuConfig& config);
// The counter after one access (decay applied first by the caller); draws one number from rng.
uint8_t lfu_incremented(uint8_t counter, const LfuConfig& config, sim::Rng& rng);

}  // namespace cachestorm::models
