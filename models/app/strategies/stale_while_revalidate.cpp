// "stale_while_revalidate" (RFC 5861 §3): an entry is kept grace_s past its freshness; a read in
// that window is answered with the stale value at once and starts a background refresh, one per
// key at a time per instance ("instance") or across the tier ("key": an idealised shared marker
// that costs nothing); after freshness + grace_s the entry is gone and a read is a hard miss.
// The oldest value served is about T + grace_s + the refresh's duration.
#include "models/app/strategy.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class StaleWhileRevalidate final : public Strategy {
 public:
  StaleWhileRevalidate(double grace_s, bool per_key) : grace_s_(grace_s), per_key_(per_key) {}
  Stage stage() const override { return Stage::kRead; }
  std::unique_ptr<Strategy> for_instance() const override { return std::make_unique<StaleWhileRevalidate>(*this); }
  double grace_s() const override { return grace_s_; }
  bool refresh_per_key() const override { return per_key_; }
  ReadAction on_read(const FoundValue& value, sim::Rng&) const override {
    return value.now >= value.fresh_until_s ? ReadAction::kServeStale : ReadAction::kServe;
  }

 private:
  double grace_s_;
  bool per_key_;
};

std::unique_ptr<Strategy> make(sim::ConfigReader& reader) {
  double grace_s = 60.0;
  std::string coalescing = "instance";
  reader.number("grace_s", grace_s, sim::Range::positive());
  reader.choice("refresh_coalescing", coalescing, {"instance", "key"});
  return std::make_unique<StaleWhileRevalidate>(grace_s, coalescing == "key");
}

CACHESTORM_REGISTER(Strategy, "stale_while_revalidate", make);

}  // namespace
}  // namespace cachestorm::models
