// "delete_before_write": DEL the key (and wait for the reply), then update the source. Every read
// that misses between the DEL and the update reads the old value and stores it: the cache then
// holds a superseded value until its TTL, the wrong order's classic failure.
#include "models/writes/write_path.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

CACHESTORM_REGISTER(WritePath, "delete_before_write", [](sim::ConfigReader& reader) {
  return read_write_path(reader, WriteStep::kCacheDelete, WriteStep::kSource);
});

}  // namespace
}  // namespace cachestorm::models
