// The application tier's config block ("app" in a scenario) and the strategies of each key class
// (read with the key classes, in workload.key_classes[i].strategies). Plain data.
#pragma once
#include <memory>
#include <optional>
#include <vector>

#include "models/app/limits/concurrency_limit.hpp"
#include "models/app/strategy.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {

struct AppConfig {
  double cache_timeout_s = 0.05;  // a GET to a dead node fails after this; the app then reads the origin
  // A read's origin query without an answer by then is given up (an error for its client; a
  // late answer is dropped, not written to the cache); null: the app waits as long as it takes.
  std::optional<double> origin_timeout_s;
  // At most this many reads' origin queries in flight per instance (null: no limit); a query over
  // it waits up to origin_limit_wait_s for a slot (0: fails at once), then fails: origin_limited.
  std::shared_ptr<const ConcurrencyLimit> origin_limit;
  double origin_limit_wait_s = 0.0;
  // [key class]: its strategies (workload.key_classes[i].strategies), in pipeline order; empty:
  // plain cache-aside.
  std::vector<StrategyList> class_strategies;
};

// Reads the block at `reader` (defaults where the file is silent). Throws sim::ConfigError naming
// the JSON path of the first problem.
void read_app_config(sim::ConfigReader reader, AppConfig& config);

}  // namespace cachestorm::models
