// "none": an out-of-band writer updates the source and never touches the cache; only the TTL (or
// an invalidation pipeline) ends a cached value's life, so a read can be stale for up to the TTL
// plus the fill path's latency.
#include "models/writes/write_path.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

CACHESTORM_REGISTER(WritePath, "none", [](sim::ConfigReader& reader) {
  return read_write_path(reader, WriteStep::kSource, WriteStep::kDone);
});

}  // namespace
}  // namespace cachestorm::models
