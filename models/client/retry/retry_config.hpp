// The clients' retry policy ("retries" in the client block): how many attempts a request may make,
// its total deadline, which failures are retried, the backoff between attempts and an optional
// retry budget per client host. Plain data with its reader; the client fleet applies it
// (models/client/client_fleet.hpp). Not about the app tier's own retries (there are none: an app
// instance makes one cache call and at most one origin call per attempt).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>

#include "models/client/retry/backoff.hpp"
#include "models/client/retry/retry_budget.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {

// Which failed attempts are retried: those that timed out (client.timeout_s), those answered with
// an error, or both.
enum RetryOn : uint8_t { kRetryTimeouts = 1, kRetryErrors = 2, kRetryBoth = 3 };

struct RetryConfig {
  uint32_t max_attempts = 3;          // the first attempt included
  std::optional<double> deadline_s;   // from the first send; null: no total deadline
  uint8_t retry_on = kRetryBoth;
  std::unique_ptr<Backoff> backoff;      // never null after reading (default: exponential)
  std::unique_ptr<RetryBudget> budget;   // null: no budget
};

// Reads the block at `reader`. `attempt_timeout_s` is client.timeout_s (null: none). Throws
// sim::ConfigError naming the JSON path of the first problem, e.g. a total deadline shorter than
// one attempt's timeout.
void read_retry_config(sim::ConfigReader reader, RetryConfig& config, std::optional<double> attempt_timeout_s);

}  // namespace cachestorm::models
