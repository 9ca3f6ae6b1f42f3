// "delete_after_write": update the source, then DEL the key (cache-aside's usual order). A read
// that missed just before the update can still store the old value after the DEL (the read-miss /
// write race), so the cache may hold a superseded value until its TTL.
#include "models/writes/write_path.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

class DeleteAfterWrite final : public WritePath {
 public:
  WriteStep first() const override { return WriteStep::kSource; }
  WriteStep after(WriteStep done) const override {
    return done == WriteStep::kSource ? WriteStep::kCacheDelete : WriteStep::kDone;
  }
};

CACHESTORM_REGISTER(WritePath, "delete_after_write", [](sim::ConfigReader& reader) {
  auto path = std::make_unique<DeleteAfterWrite>();
  read_write_common(reader, *path);
  return std::unique_ptr<WritePath>(std::move(path));
});

}  // namespace
}  // namespace cachestorm::models
