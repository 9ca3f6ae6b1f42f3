#include "models/app/app_config.hpp"

namespace cachestorm::models {

void read_app_config(sim::ConfigReader reader, AppConfig& app) {
  reader.number("cache_timeout_s", app.cache_timeout_s, sim::Range::positive());
  reader.optional_number("origin_timeout_s", app.origin_timeout_s, sim::Range::positive());
  app.origin_limit = reader.optional_typed<ConcurrencyLimit>("origin_limit", "static");
  reader.number("origin_limit_wait_s", app.origin_limit_wait_s, sim::Range::between(0.0, 3600.0));
  reader.finish();
}

}  // namespace cachestorm::models
