// The clients' config block ("client" in a scenario): their timeout (per attempt), latency SLO
// and retry policy. Plain data
// with its reader.
#pragma once
#include <optional>

#include "models/client/retry/retry_config.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {

struct ClientConfig {
  std::optional<double> timeout_s = 1.0;  // null: clients wait forever
  double slo_latency_s = 0.1;             // requests slower than this count as slow_requests
  std::optional<RetryConfig> retries;     // null: one attempt per request
};

// Reads the block at `reader` (defaults where the file is silent). Throws sim::ConfigError naming
// the JSON path of the first problem.
void read_client_config(sim::ConfigReader reader, ClientConfig& config);

}  // namespace cachestorm::models
