// "none": an out-of-band writer updates the source and never touches the cache; only the TTL (or
// an invalidation pipeline) ends a cached value's life, so a read can be stale for up to the TTL
// plus the fill path's latency.
#include "models/writes/write_path.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

class SourceOnly final : public WritePath {
 public:
  WriteStep first() const override { return WriteStep::kSource; }
  WriteStep after(WriteStep) const override { return WriteStep::kDone; }
};

CACHESTORM_REGISTER(WritePath, "none", [](sim::ConfigReader& reader) {
  auto path = std::make_unique<SourceOnly>();
  read_write_common(reader, *path);
  return std::unique_ptr<WritePath>(std::move(path));
});

}  // namespace
}  // namespace cachestorm::models
