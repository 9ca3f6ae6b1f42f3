// "delete_after_write": update the source, then DEL the key (cache-aside's usual order). A read
// that missed just before the update can still store the old value after the DEL (the read-miss /
// write race), so the cache may hold a superseded value until its TTL.
#include "models/writes/write_path.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

CACHESTORM_REGISTER(WritePath, "delete_after_write", [](sim::ConfigReader& reader) {
  return read_write_path(reader, WriteStep::kSource, WriteStep::kCacheDelete);
});

}  // namespace
}  // namespace cachestorm::models
