// "static": {"limit": 32}: at most `limit` origin queries in flight per app instance.
#include "models/app/limits/concurrency_limit.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

class StaticLimit final : public ConcurrencyLimit {
 public:
  explicit StaticLimit(uint32_t limit) : limit_(limit) {}
  std::unique_ptr<ConcurrencyLimit> fresh() const override { return std::make_unique<StaticLimit>(limit_); }
  uint32_t limit() const override { return limit_; }
  void on_result(bool) override {}

 private:
  uint32_t limit_;
};

std::unique_ptr<ConcurrencyLimit> read_static(sim::ConfigReader& reader) {
  uint32_t limit = 32;
  reader.integer("limit", limit, sim::Range::between(1, 1e6));
  return std::make_unique<StaticLimit>(limit);
}

CACHESTORM_REGISTER(ConcurrencyLimit, "static", read_static);

}  // namespace
}  // namespace cachestorm::models
