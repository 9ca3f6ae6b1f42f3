#include "models/cache/lfu_counter.hpp"

namespace cachestorm::models {

uint8_t lfu_decayed(uint8_t counter, uint64_t elapsed_minutes, const LfuConfig& config) {
  if (config.decay_time_minutes == 0) return counter;
  const uint64_t periods = elapsed_minutes / config.decay_time_minutes;
  return periods >= counter ? 0 : static_cast<uint8_t>(counter - periods);
}

uint8_t lfu_incremented(uint8_t counter, const LfuConfig& config, sim::Rng& rng) {
  if (counter == 255) return counter;
  const double base = counter > kLfuInitialValue ? counter - kLfuInitialValue : 0.0;
  const double p = 1.0 / (base * config.log_factor + 1.0);
  return rng.uniform01() < p ? static_cast<uint8_t>(counter + 1) : counter;
}

}  // namespace cachestorm::models
