// AppTier's circuit breakers (models/app/app_tier.hpp): refusals, results, and the transitions
// they cause, counted (opened, closed, time away from CLOSED) and logged as state changes.
#include <algorithm>
#include <string>

#include "models/app/app_tier.hpp"
#include "models/client/client_fleet.hpp"

namespace cachestorm::models {

void AppTier::refused_by_breaker(uint32_t request, const StrategyPipeline& p, double now) {
  const Request& r = parts_.requests[request];
  parts_.metrics.add(classes_[parts_.keys.class_of(r.key)].refused, now);
  if (p.fail_closed()) {
    clients_->finish(request, now + parts_.paths.client_app[r.client].latency_s, Outcome::kError,
                     ErrorReason::kBreakerOpen);
    return;
  }
  fetch(request, false, now, r.polls > 0);  // a poller awaits its client already
}

bool AppTier::breaker_permits(uint32_t request, double now) {
  const Request& r = parts_.requests[request];
  StrategyPipeline& p = pipeline(r);
  CircuitBreaker* breaker = p.breaker(cache_->shard_of(r.key));
  if (breaker == nullptr) return true;
  const bool permitted = breaker->try_acquire(now);
  note_transitions(*breaker, r, now);
  if (!permitted) refused_by_breaker(request, p, now);
  return permitted;
}

void AppTier::record_cache_result(uint32_t request, bool success, double now) {
  const Request& r = parts_.requests[request];
  CircuitBreaker* breaker = pipeline(r).breaker(cache_->shard_of(r.key));
  if (breaker == nullptr) return;
  breaker->on_result(now, success, now - (r.cache_deadline_s - cache_timeout_s_));
  note_transitions(*breaker, r, now);
}

void AppTier::note_transitions(CircuitBreaker& breaker, const Request& r, double now) {
  if (breaker.transitions().empty()) return;
  const uint32_t key_class = parts_.keys.class_of(r.key);
  std::string component = "app." + std::to_string(r.app) + ".key_classes." + parts_.keys.key_class(key_class).name + ".breaker";
  if (pipeline(r).breaker_per_shard()) component += ".shards." + std::to_string(cache_->shard_of(r.key));
  for (const CircuitBreaker::Transition& t : breaker.transitions()) {
    if (t.to == CircuitBreaker::State::kOpen) parts_.metrics.add(classes_[key_class].opened, now);
    if (t.to == CircuitBreaker::State::kOpen && t.from == CircuitBreaker::State::kClosed)
      tripped_.push_back({&breaker, key_class});
    if (t.to == CircuitBreaker::State::kClosed) {
      parts_.metrics.add(classes_[key_class].closed, now);
      count_time_open(t.tripped_at_s, key_class, t.at_s, now);
      const auto found = std::find(tripped_.begin(), tripped_.end(), TrippedBreaker{&breaker, key_class});
      if (found != tripped_.end()) tripped_.erase(found);
    }
    parts_.events.record(t.at_s, component, state_name(t.to));
  }
  breaker.clear_transitions();
}

void AppTier::count_time_open(double tripped_at_s, uint32_t key_class, double until, double now) {
  const double open_s = until - tripped_at_s;
  parts_.metrics.add(classes_[key_class].open_time, now, open_s);
  parts_.metrics.peak(classes_[key_class].longest_open, now, open_s);
}

void AppTier::finish(double last_t) {
  for (const TrippedBreaker& tripped : tripped_) count_time_open(tripped.breaker->tripped_at_s(), tripped.key_class, last_t, last_t);
  tripped_.clear();
  stampede_.finish(last_t);
}

}  // namespace cachestorm::models
