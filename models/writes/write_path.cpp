#include "models/writes/write_path.hpp"

#include "sim/config_reader.hpp"

namespace cachestorm::models {

void read_write_common(sim::ConfigReader& reader, WritePath& path) {
  path.arrivals = reader.typed<ArrivalProcess>("arrivals", "poisson");
  path.keys = reader.optional_typed<KeyPopularity>("keys", "zipf");
  reader.optional_child("invalidation", [&](sim::ConfigReader block) {
    InvalidationConfig invalidation;
    invalidation.delay_s = block.typed<Distribution>("delay_s", "deterministic");
    block.number("lost_fraction", invalidation.lost_fraction, sim::Range::between(0.0, 1.0));
    block.finish();
    path.invalidation = std::move(invalidation);
  });
}

}  // namespace cachestorm::models
