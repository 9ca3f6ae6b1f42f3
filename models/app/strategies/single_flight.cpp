// "single_flight": concurrent misses of one key share one origin fetch. scope "instance": inside
// one application instance, the first miss fetches and the misses that come while it is in
// flight wait for its answer (value or error), as Go's singleflight does; N instances can still
// fetch a key up to N times at once. The waiting table lives in the instance (the pipeline).
// scope "distributed": the first miss anywhere takes a lock key in the key's shard (SET NX PX,
// with a TTL: a holder that dies blocks the others for at most lock_ttl_s) and fetches; the
// others poll with backoff, then read the origin or fail (models/app/strategy.hpp: LockConfig).
// scope "lease": memcache's leases: the shard hands the key's lease to the first GET miss (one
// per key per lock_ttl_s), the holder fetches and its SET, which must carry a live lease, gives it
// back; the other misses wait and poll as above.
#include <optional>

#include "models/app/strategy.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class SingleFlight final : public Strategy {
 public:
  explicit SingleFlight(std::optional<LockConfig> lock) : lock_(lock) {}
  Stage stage() const override { return Stage::kMiss; }
  std::unique_ptr<Strategy> for_instance() const override { return std::make_unique<SingleFlight>(*this); }
  bool keeps_state() const override { return true; }
  const LockConfig* distributed_lock() const override { return lock_ ? &*lock_ : nullptr; }

 private:
  std::optional<LockConfig> lock_;
};

LockConfig read_lock(sim::ConfigReader& reader) {
  LockConfig lock;
  reader.number("lock_ttl_s", lock.lock_ttl_s, sim::Range::positive());
  reader.number("poll_s", lock.poll_s, sim::Range::positive());
  reader.number("poll_backoff", lock.poll_backoff, sim::Range::between(1.0, 1e6));
  reader.number("max_poll_s", lock.max_poll_s, sim::Range::positive());
  reader.number("max_wait_s", lock.max_wait_s, sim::Range::non_negative());
  std::string on_timeout = "origin";
  reader.choice("on_wait_timeout", on_timeout, {"origin", "fail"});
  lock.fail_on_wait_timeout = on_timeout == "fail";
  return lock;
}

std::unique_ptr<Strategy> make(sim::ConfigReader& reader) {
  std::string scope = "instance";
  reader.choice("scope", scope, {"instance", "distributed", "lease"});
  if (reader.describing() || scope != "instance") {
    LockConfig lock = read_lock(reader);
    lock.lease = scope == "lease";
    if (scope != "instance") return std::make_unique<SingleFlight>(lock);
  }
  return std::make_unique<SingleFlight>(std::nullopt);
}

CACHESTORM_REGISTER(Strategy, "single_flight", make);

}  // namespace
}  // namespace cachestorm::models
