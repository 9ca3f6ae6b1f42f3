#include "models/writes/write_path.hpp"

#include "sim/config_reader.hpp"

namespace cachestorm::models {

std::unique_ptr<WritePath> read_write_path(sim::ConfigReader& reader, WriteStep first, WriteStep then,
                                           double flush_delay_s) {
  auto made = std::make_unique<WritePath>(first, then, flush_delay_s);
  WritePath& path = *made;
  path.arrivals = reader.typed<ArrivalProcess>("arrivals", "poisson");
  path.keys = reader.optional_typed<KeyPopularity>("keys", "zipf");
  reader.optional_child("invalidation", [&](sim::ConfigReader block) {
    InvalidationConfig invalidation;
    invalidation.delay_s = block.typed<Distribution>("delay_s", "deterministic");
    block.number("lost_fraction", invalidation.lost_fraction, sim::Range::between(0.0, 1.0));
    block.finish();
    path.invalidation = std::move(invalidation);
  });
  return made;
}

}  // namespace cachestorm::models
