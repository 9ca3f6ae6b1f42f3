// A stampede or failure strategy: one stage of a key class's pipeline in the application
// instances (models/app/strategy_pipeline.hpp). Each strategy is one file under
// models/app/strategies/ that registers its "type" name; the pipeline asks the strategies of a
// class at four points of the cache-aside path, each strategy answering for the stage it is in:
//  - kTtl: the TTL a fill is stored with (ttl_jitter);
//  - kRead: what a read that found a value does: serve it, serve it stale and refresh in the
//    background, or recompute it now (stale_while_revalidate, xfetch);
//  - kMiss: whether concurrent misses of one key share one origin fetch, inside the instance or
//    through a lock key in the shard (single_flight);
//  - kGuard: whether a cache call may go ahead at all (circuit_breaker).
// A strategy object holds its configuration; for_instance() makes the copy one application
// instance keeps its state in. Draws come from the Rng the pipeline gives each strategy (a stream
// of its own). Plain C++: no SimGrid, no output.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/rng.hpp"

namespace cachestorm::models {

class CircuitBreaker;

// A value a GET found, as the instance sees it when the reply arrives.
struct FoundValue {
  double now;
  double fresh_until_s;  // the value is fresh before this (its stored expiry minus any grace)
  double recompute_s;    // how long the fetch that stored it took (XFetch's delta), 0 if unknown
};

// Ordered by precedence: when strategies disagree the pipeline takes the largest.
enum class ReadAction : uint8_t {
  kServe,         // answer with the value
  kRecompute,     // fetch now and answer with the fresh value (XFetch's early recompute)
  kServeStale,    // answer with the stale value at once, refresh in the background
};

// single_flight with scope "distributed": a miss takes a lock key in the key's shard (SET NX PX)
// before it fetches; a miss that does not get it polls the cache (GET, and on a miss SET NX PX
// again) after poll_s, poll_s x poll_backoff, ... at most max_poll_s apart, until the value is
// there or it has waited max_wait_s; then it reads the origin itself (no write-back) or fails.
struct LockConfig {
  double lock_ttl_s = 5.0;
  double poll_s = 0.01;
  double poll_backoff = 2.0;
  double max_poll_s = 0.2;
  double max_wait_s = 2.0;
  bool fail_on_wait_timeout = false;  // true: answer the client with an error instead
  bool lease = false;  // scope "lease": the GET miss hands out the lock (a memcache lease, valid
                       // lock_ttl_s), the holder fetches at once and its SET gives it back; a
                       // SET without a live lease is rejected; a miss without it waits and polls

  // The wait before poll number `polls` (0-based), or a negative number if the polls so far have
  // used up max_wait_s (or 255 polls).
  double next_poll_s(uint32_t polls) const {
    double waited = 0.0, interval = poll_s;
    for (uint32_t i = 0; i < polls; ++i) {
      waited += interval;
      interval = interval * poll_backoff < max_poll_s ? interval * poll_backoff : max_poll_s;
    }
    return waited >= max_wait_s || polls >= 255 ? -1.0 : interval;
  }
};

class Strategy {
 public:
  enum class Stage : uint8_t { kTtl, kRead, kMiss, kGuard };
  virtual ~Strategy() = default;
  virtual Stage stage() const = 0;
  // A copy with fresh state, for one application instance.
  virtual std::unique_ptr<Strategy> for_instance() const = 0;
  // Whether the instance's state this strategy keeps is read or changed by GET replies (then the
  // class's replies are taken in arrival order; models/cache/cache_cluster.hpp). A breaker's
  // results need no order of replies: they are filed for their instants.
  virtual bool keeps_state() const { return false; }

  // kTtl: the TTL a fill gets, from the class's ttl_s.
  virtual double fill_ttl_s(double ttl_s, sim::Rng& /*rng*/) const { return ttl_s; }
  // kRead: seconds an entry is kept in the cache past its freshness.
  virtual double grace_s() const { return 0.0; }
  // kRead: background refreshes are coalesced across every instance (true) or per instance.
  virtual bool refresh_per_key() const { return false; }
  // kRead: what a read of `value` does.
  virtual ReadAction on_read(const FoundValue& /*value*/, sim::Rng& /*rng*/) const { return ReadAction::kServe; }
  // kGuard: the breaker around this instance's cache calls for the class to `shard` (null: none).
  virtual CircuitBreaker* breaker(uint32_t /*shard*/) { return nullptr; }
  // kMiss: the lock a miss takes in the shard (null: misses wait inside the instance).
  virtual const LockConfig* distributed_lock() const { return nullptr; }
  // kGuard: one breaker per shard (true) or one for all of them.
  virtual bool breaker_per_shard() const { return false; }
  // kGuard: a call the breaker refuses fails (true) or reads the origin (false: fail-open).
  virtual bool fail_closed() const { return false; }
};

// One configured strategy of a key class, as read from the scenario.
struct StrategyEntry {
  std::unique_ptr<Strategy> strategy;
  std::string type;  // its registered name
  std::string path;  // "workload.key_classes[0].strategies[1]", for error messages
};
using StrategyList = std::vector<StrategyEntry>;

// XFetch's rule: recompute `value` now when now − Δ·β·ln(u) ≥ its expiry. REQUIRES: u in (0, 1].
bool recompute_early(const FoundValue& value, double u, double beta);

}  // namespace cachestorm::models
