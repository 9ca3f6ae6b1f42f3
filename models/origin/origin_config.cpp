#include "models/origin/origin_config.hpp"

namespace cachestorm::models {

void read_origin_config(sim::ConfigReader reader, OriginConfig& origin) {
  reader.integer("connections", origin.connections, sim::Range::positive());
  reader.optional_integer("queue_limit", origin.queue_limit, sim::Range::non_negative());
  reader.optional_number("queue_timeout_s", origin.queue_timeout_s, sim::Range::positive());
  reader.optional_child("codel", [&](sim::ConfigReader block) {
    OriginConfig::CoDelConfig& codel = origin.codel.emplace();
    block.number("target_s", codel.target_s, sim::Range::between(1e-6, 3600.0));
    block.number("interval_s", codel.interval_s, sim::Range::between(1e-6, 3600.0));
    block.finish();
  });
  origin.service_s = reader.typed<Distribution>("service_s", "exponential");
  origin.write_service_s = reader.optional_typed<Distribution>("write_service_s", "exponential");
  reader.finish();
}

}  // namespace cachestorm::models
