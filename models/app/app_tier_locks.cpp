// AppTier's distributed single-flight (models/app/app_tier.hpp; LockConfig in
// models/app/strategy.hpp): the lock key in the shard, the waits of the misses that did not get
// it, and what they do when their wait runs out.
#include "models/app/app_tier.hpp"

namespace cachestorm::models {

void AppTier::try_lock(uint32_t request, double now) {
  Request& r = parts_.requests[request];
  r.cache_deadline_s = now + cache_timeout_s_;
  cache_->send_lock(r.app, request, now);
}

void AppTier::after_miss_with_lock(uint32_t request, double now) {
  Request& r = parts_.requests[request];
  if (r.holds_lock) {  // the lock (re-checked under it) or the lease the miss was given
    fetch(request, true, now, r.polls > 0);
    return;
  }
  if (!pipeline(r).lock()->lease) {
    try_lock(request, now);
    return;
  }
  parts_.metrics.add(classes_[parts_.keys.class_of(r.key)].lock_denied, now);  // a hot miss
  wait_for_lock_holder(request, now);
}

void AppTier::on_lock_reply(uint32_t request, bool granted, double now) {
  Request& r = parts_.requests[request];
  record_cache_result(request, true, now);
  if (granted) {  // read the cache once more under the lock: a fill may have landed meanwhile
    r.holds_lock = true;
    send_get(request, now);
    return;
  }
  parts_.metrics.add(classes_[parts_.keys.class_of(r.key)].lock_denied, now);
  wait_for_lock_holder(request, now);
}

void AppTier::wait_for_lock_holder(uint32_t request, double now) {
  Request& r = parts_.requests[request];
  const LockConfig& lock = *pipeline(r).lock();
  if (r.polls == 0) clients_->await(request, now);
  const double wait_s = lock.next_poll_s(r.polls);
  if (wait_s >= 0.0) {
    ++r.polls;
    parts_.calendar.push(now + wait_s, id_, kLockPoll, request);
    return;
  }
  parts_.metrics.add(classes_[parts_.keys.class_of(r.key)].lock_timeouts, now);
  if (!lock.fail_on_wait_timeout) {
    fetch(request, false, now, true);  // the holder writes the value back
    return;
  }
  clients_->finish(request, now + parts_.paths.client_app[r.client].latency_s, Outcome::kError,
                   ErrorReason::kLockWaitTimeout);
}

void AppTier::poll_for_value(uint32_t request, double now) {
  parts_.metrics.add(classes_[parts_.keys.class_of(parts_.requests[request].key)].lock_polls, now);
  if (breaker_permits(request, pipeline(parts_.requests[request]), now, false)) send_get(request, now);
}

void AppTier::release_lock(uint32_t request, double now) {
  Request& r = parts_.requests[request];
  r.holds_lock = false;
  if (!pipeline(r).lock()->lease) cache_->send_unlock(r.app, request, now);  // a lease goes back with the SET
}

}  // namespace cachestorm::models
