// "delete_before_write": DEL the key (and wait for the reply), then update the source. Every read
// that misses between the DEL and the update reads the old value and stores it: the cache then
// holds a superseded value until its TTL, the wrong order's classic failure.
#include "models/writes/write_path.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

class DeleteBeforeWrite final : public WritePath {
 public:
  WriteStep first() const override { return WriteStep::kCacheDelete; }
  WriteStep after(WriteStep done) const override {
    return done == WriteStep::kCacheDelete ? WriteStep::kSource : WriteStep::kDone;
  }
};

CACHESTORM_REGISTER(WritePath, "delete_before_write", [](sim::ConfigReader& reader) {
  auto path = std::make_unique<DeleteBeforeWrite>();
  read_write_common(reader, *path);
  return std::unique_ptr<WritePath>(std::move(path));
});

}  // namespace
}  // namespace cachestorm::models
