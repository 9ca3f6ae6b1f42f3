// "write_behind": SET the new value in the cache (the new version begins there), then flush it to
// the source flush_delay_s after the SET, from the shard. A shard that fails before the flush
// loses the write (counted as lost; the source keeps the older version). A read that misses
// before the flush reads the source's older version and stores it: a stale populate.
#include "models/writes/write_path.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

CACHESTORM_REGISTER(WritePath, "write_behind", [](sim::ConfigReader& reader) {
  double flush_delay_s = 1.0;
  reader.number("flush_delay_s", flush_delay_s, sim::Range::non_negative());
  return read_write_path(reader, WriteStep::kCacheSet, WriteStep::kSource, flush_delay_s);
});

}  // namespace
}  // namespace cachestorm::models
