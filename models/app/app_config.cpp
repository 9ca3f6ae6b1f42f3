#include "models/app/app_config.hpp"

namespace cachestorm::models {

void read_app_config(sim::ConfigReader reader, AppConfig& app) {
  reader.number("cache_timeout_s", app.cache_timeout_s, sim::Range::positive());
  reader.optional_number("origin_timeout_s", app.origin_timeout_s, sim::Range::positive());
  reader.finish();
}

}  // namespace cachestorm::models
