// AppTier's circuit breakers (models/app/app_tier.hpp): refusals, results (filed in time order,
// models/app/breaker_results.hpp, and applied when due), and the transitions they cause, counted
// (opened, closed, time away from CLOSED) and logged as state changes.
#include <algorithm>
#include <string>

#include "models/app/app_tier.hpp"

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

bool AppTier::breaker_permits(uint32_t request, StrategyPipeline& p, double now, bool after_replies) {
  const Request& r = parts_.requests[request];
  const uint32_t shard = breaker_shard(r, p);
  CircuitBreaker* breaker = p.breaker(shard);
  if (breaker == nullptr) return true;
  apply_breaker_results(now, after_replies);
  const bool permitted = breaker->try_acquire(now);
  if (!breaker->transitions().empty()) note_transitions(*breaker, parts_.keys.class_of(r.key), r.app, shard, now);
  if (!permitted) refused_by_breaker(request, p, now);
  return permitted;
}

void AppTier::record_cache_result(uint32_t request, bool success, double now, uint8_t rank) {
  const Request& r = parts_.requests[request];
  const StrategyPipeline& p = pipeline(r);
  if (p.guarded()) file_cache_result(r, p, success, now, rank);
}

void AppTier::on_reply_known(uint32_t request, double arrive_s) {
  const Request& r = parts_.requests[request];
  file_cache_result(r, pipeline(r), true, arrive_s, BreakerResults::kReply);
}

void AppTier::apply_breaker_results(double t, bool through_t) {
  breaker_results_.apply_due(t, through_t, [this](const BreakerResult& result) {
    result.breaker->on_result(result.at_s, result.success, result.duration_s);
    if (!result.breaker->transitions().empty()) {
      const auto site = std::find_if(breaker_sites_.begin(), breaker_sites_.end(),
                                     [&](const BreakerSite& s) { return s.breaker == result.breaker; });
      note_transitions(*result.breaker, site->key_class, site->app, site->shard, result.at_s);
    }
  });
}

void AppTier::list_breakers() {
  const uint32_t shards = cache_ != nullptr ? cache_->shard_count() : 1;
  for (uint32_t app = 0; app * class_count_ < pipelines_.size(); ++app)
    for (uint32_t c = 0; c < class_count_; ++c) {
      const StrategyPipeline& p = pipeline(app, c);
      if (!p.guarded()) continue;
      for (uint32_t shard = 0; shard < (p.breaker_per_shard() ? shards : 1); ++shard)
        breaker_sites_.push_back({p.breaker(shard), c, app, shard});
    }
}

void AppTier::note_transitions(CircuitBreaker& breaker, uint32_t key_class, uint32_t app, uint32_t shard, double now) {
  std::string component = "app." + std::to_string(app) + ".key_classes." + parts_.keys.key_class(key_class).name + ".breaker";
  if (pipeline(app, key_class).breaker_per_shard()) component += ".shards." + std::to_string(shard);
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
  apply_breaker_results(last_t, true);
  for (const TrippedBreaker& tripped : tripped_) count_time_open(tripped.breaker->tripped_at_s(), tripped.key_class, last_t, last_t);
  tripped_.clear();
  stampede_.finish(last_t);
}

}  // namespace cachestorm::models
