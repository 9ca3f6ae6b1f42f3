// "write_behind": SET the new value in the cache (the new version begins there), then flush it to
// the source flush_delay_s after the SET, from the shard. A shard that fails before the flush
// loses the write (counted as lost; the source keeps the older version). A read that misses
// before the flush reads the source's older version and stores it: a stale populate.
#include "models/writes/write_path.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

class WriteBehind final : public WritePath {
 public:
  explicit WriteBehind(double flush_delay_s) : flush_delay_s_(flush_delay_s) {}
  WriteStep first() const override { return WriteStep::kCacheSet; }
  WriteStep after(WriteStep done) const override {
    return done == WriteStep::kCacheSet ? WriteStep::kSource : WriteStep::kDone;
  }
  bool behind() const override { return true; }
  double flush_delay_s() const override { return flush_delay_s_; }

 private:
  double flush_delay_s_;
};

CACHESTORM_REGISTER(WritePath, "write_behind", [](sim::ConfigReader& reader) {
  double flush_delay_s = 1.0;
  reader.number("flush_delay_s", flush_delay_s, sim::Range::non_negative());
  auto path = std::make_unique<WriteBehind>(flush_delay_s);
  read_write_common(reader, *path);
  return std::unique_ptr<WritePath>(std::move(path));
});

}  // namespace
}  // namespace cachestorm::models
