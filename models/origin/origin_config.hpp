// The origin database's config block ("origin" in a scenario): connections, its wait queue and
// service times. Plain data with its reader.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>

#include "models/dist/distribution.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {

struct OriginConfig {
  uint32_t connections = 64;
  std::optional<uint32_t> queue_limit;      // null: unbounded FIFO wait queue
  std::optional<double> queue_timeout_s;    // null: a query waits for as long as it takes
  struct CoDelConfig {
    double target_s = 0.005;
    double interval_s = 0.1;
  };
  std::optional<CoDelConfig> codel;          // null: no shedding by queueing delay (models/origin/codel.hpp)
  std::unique_ptr<Distribution> service_s;  // default: exponential
  // A source write's service time (writes hold connections too); null: drawn like service_s
  // (from a stream of its own).
  std::unique_ptr<Distribution> write_service_s;
};

// Reads the block at `reader` (defaults where the file is silent). Throws sim::ConfigError naming
// the JSON path of the first problem.
void read_origin_config(sim::ConfigReader reader, OriginConfig& config);

}  // namespace cachestorm::models
