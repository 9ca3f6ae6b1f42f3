#include "models/client/retry/retry_config.hpp"

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cachestorm::models {

void read_retry_config(sim::ConfigReader reader, RetryConfig& config, std::optional<double> attempt_timeout_s) {
  reader.integer("max_attempts", config.max_attempts, sim::Range::between(1, 100));
  reader.optional_number("deadline_s", config.deadline_s, sim::Range::positive());
  static const std::vector<std::string> kOn = {"timeouts", "errors", "both"};
  std::string on = kOn[config.retry_on - 1];
  reader.choice("retry_on", on, kOn);
  for (size_t i = 0; i < kOn.size(); ++i)
    if (kOn[i] == on) config.retry_on = static_cast<uint8_t>(i + 1);
  config.backoff = reader.typed<Backoff>("backoff", "exponential");
  config.budget = reader.optional_typed<RetryBudget>("budget", "token_bucket");
  if (!reader.describing() && config.deadline_s && attempt_timeout_s && *config.deadline_s < *attempt_timeout_s)
    throw sim::ConfigError(reader.path_of("deadline_s"),
                           "the total deadline " + nlohmann::json(*config.deadline_s).dump() +
                               " s is shorter than one attempt's timeout (client.timeout_s = " +
                               nlohmann::json(*attempt_timeout_s).dump() + " s); make it at least that, or null");
  reader.finish();
}

}  // namespace cachestorm::models
