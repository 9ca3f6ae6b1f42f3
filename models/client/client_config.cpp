#include "models/client/client_config.hpp"

namespace cachestorm::models {

void read_client_config(sim::ConfigReader reader, ClientConfig& client) {
  reader.optional_number("timeout_s", client.timeout_s, sim::Range::positive());
  reader.number("slo_latency_s", client.slo_latency_s, sim::Range::non_negative());
  reader.optional_child("retries", [&](sim::ConfigReader block) {
    read_retry_config(block, client.retries.emplace(), client.timeout_s);
  });
  reader.finish();
}

}  // namespace cachestorm::models
