// "write_through": update the source, then SET the new value (with the class's TTL). Between the
// update and the SET's arrival reads get the old value; a slower SET of an older version (a read
// miss's fill, or another writer's) can still land after it.
#include "models/writes/write_path.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

class WriteThrough final : public WritePath {
 public:
  WriteStep first() const override { return WriteStep::kSource; }
  WriteStep after(WriteStep done) const override {
    return done == WriteStep::kSource ? WriteStep::kCacheSet : WriteStep::kDone;
  }
};

CACHESTORM_REGISTER(WritePath, "write_through", [](sim::ConfigReader& reader) {
  auto path = std::make_unique<WriteThrough>();
  read_write_common(reader, *path);
  return std::unique_ptr<WritePath>(std::move(path));
});

}  // namespace
}  // namespace cachestorm::models
