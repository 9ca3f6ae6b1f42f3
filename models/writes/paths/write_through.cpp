// "write_through": update the source, then SET the new value (with the class's TTL). Between the
// update and the SET's arrival reads get the old value; a slower SET of an older version (a read
// miss's fill, or another writer's) can still land after it.
#include "models/writes/write_path.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

CACHESTORM_REGISTER(WritePath, "write_through", [](sim::ConfigReader& reader) {
  return read_write_path(reader, WriteStep::kSource, WriteStep::kCacheSet);
});

}  // namespace
}  // namespace cachestorm::models
