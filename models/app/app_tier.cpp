#include "models/app/app_tier.hpp"

#include <algorithm>
#include <string>


namespace cachestorm::models {
namespace {

const MetricFamily kRequests{"app_requests", "count", "requests that reached the instance", MetricKind::kCounter,
                             "app", "arrival time at the instance"};
const MetricFamily kGiveUps{"app_cache_give_ups", "count",
                            "GETs without a reply within app.cache_timeout_s (node down or queued too long) or with an error at once (connection refused, LOADING, CLUSTERDOWN)",
                            MetricKind::kCounter, "app", "give-up time"};
const MetricFamily kCacheHits{"app_cache_hits", "count",
                             "GETs whose hit reached the instance within app.cache_timeout_s (what clients got from the cache)",
                             MetricKind::kCounter, "app", "time the reply reached the instance"};
const MetricFamily kSetErrors{"app_cache_set_errors", "count",
                              "cache fills the shard refused with OOM (the value was served, not cached)",
                              MetricKind::kCounter, "app", "time the error reached the instance"};
constexpr const char* kAtReply = "time the reply reached the instance";
const MetricFamily kClassRequests{"key_class_requests", "count", "requests for the class's keys that reached an app instance",
                                  MetricKind::kCounter, "key_class", "arrival time at the instance"};
const MetricFamily kStale{"key_class_stale_served", "count", "reads answered with a value past its freshness",
                          MetricKind::kCounter, "key_class", kAtReply};
const MetricFamily kStaleAge{"key_class_stale_age_s", "s", "how far past its freshness a stale value served was",
                             MetricKind::kLatency, "key_class", kAtReply};
const MetricFamily kEarly{"key_class_early_recomputes", "count", "reads that recomputed a fresh value early (XFetch)",
                          MetricKind::kCounter, "key_class", kAtReply};
const MetricFamily kCoalesced{"key_class_coalesced_misses", "count",
                              "misses that waited for a fetch of the same key in flight (single_flight)",
                              MetricKind::kCounter, "key_class", kAtReply};
const MetricFamily kRefused{"key_class_breaker_refused", "count", "requests an open circuit breaker kept from the cache",
                            MetricKind::kCounter, "key_class", "arrival time at the instance"};
const MetricFamily kOpened{"key_class_breaker_opened", "count", "times an instance's breaker went to OPEN",
                           MetricKind::kCounter, "key_class", "transition time"};
const MetricFamily kClosed{"key_class_breaker_closed", "count", "times an instance's breaker went back to CLOSED",
                           MetricKind::kCounter, "key_class", "transition time"};
constexpr const char* kAtClose = "time the breaker closed (or the run's end, if it never did)";
const MetricFamily kLockDenied{"key_class_lock_denied", "count",
                               "lock requests (single_flight distributed) refused, or hot misses (lease): another request held the key's lock or lease",
                               MetricKind::kCounter, "key_class", kAtReply};
const MetricFamily kLockPolls{"key_class_lock_polls", "count",
                              "polls for the value by requests waiting on another's lock (a GET each)",
                              MetricKind::kCounter, "key_class", "poll time"};
const MetricFamily kLockTimeouts{"key_class_lock_wait_timeouts", "count",
                                 "requests that waited max_wait_s on another's lock and then read the origin or failed",
                                 MetricKind::kCounter, "key_class", "time the wait ran out"};
const MetricFamily kOpenTime{"key_class_breaker_open_s", "s",
                             "time breakers spent away from CLOSED (OPEN or HALF_OPEN), summed over the instances' breakers",
                             MetricKind::kCounter, "key_class", kAtClose};
const MetricFamily kLongestOpen{"key_class_breaker_longest_open_s", "s",
                                "the longest time one breaker spent away from CLOSED, from its trip to its close",
                                MetricKind::kPeak, "key_class", kAtClose};
const MetricFamily kNotFound{"key_class_not_found_answers", "count",
                             "origin answers \"not found\" for the class's keys (workload.key_classes[].not_found) that an instance took (not ones it had given up on)",
                             MetricKind::kCounter, "key_class", "arrival of the answer"};
const MetricFamily kNegativeHits{"key_class_negative_hits", "count",
                                 "cache hits on a cached \"not found\" answer (negative caching)",
                                 MetricKind::kCounter, "key_class", kAtReply};

const MetricFamily kOriginGiveUps{"app_origin_give_ups", "count",
                                  "origin queries given up after app.origin_timeout_s (their late answers are dropped)",
                                  MetricKind::kCounter, "app", "give-up time"};

const MetricFamily kDroppedAnswers{"app_origin_dropped_answers", "count",
                                   "origin answers that came after app.origin_timeout_s and were dropped (work done for nobody)",
                                   MetricKind::kCounter, "app", "arrival of the answer"};

const MetricFamily kLimited{"app_origin_limited", "count",
                           "reads failed by app.origin_limit: no slot free (within origin_limit_wait_s)",
                           MetricKind::kCounter, "app", "time it failed"};
const MetricFamily kLimit{"app_origin_limit", "queries", "origin queries app.origin_limit allows in flight (0: no limit)",
                          MetricKind::kGauge, "app", "event time"};

// The error a client is answered with when the origin's answer is not a value.
ErrorReason error_of(OriginAnswer answer) {
  switch (answer) {
    case OriginAnswer::kRejected: return ErrorReason::kOriginRejected;
    case OriginAnswer::kQueueTimeout: return ErrorReason::kOriginQueueTimeout;
    case OriginAnswer::kFailed: return ErrorReason::kOriginError;
    case OriginAnswer::kShed: return ErrorReason::kOriginShed;
    case OriginAnswer::kOk: break;
  }
  return ErrorReason::kNone;
}

}  // namespace

AppTier::AppTier(const AppConfig& config, uint32_t apps, const PlaneParts& parts, const sim::RngStreams& streams,
                 uint16_t id)
    : parts_(parts),
      id_(id),
      cache_timeout_s_(config.cache_timeout_s),
      origin_timeout_s_(config.origin_timeout_s.value_or(std::numeric_limits<double>::infinity())),
      slot_wait_s_(config.origin_limit_wait_s),
      class_count_(static_cast<uint32_t>(parts.keys.class_count())),
      stampede_(parts, config.cache_timeout_s),
      flights_(apps),
      refreshing_(apps),
      staleness_(parts.staleness) {
  for (uint32_t a = 0; a < apps; ++a) {
    requests_.push_back(parts.metrics.series(kRequests, std::to_string(a)));
    give_ups_.push_back(parts.metrics.series(kGiveUps, std::to_string(a)));
    cache_hits_.push_back(parts.metrics.series(kCacheHits, std::to_string(a)));
    set_errors_.push_back(parts.metrics.series(kSetErrors, std::to_string(a)));
    origin_give_ups_.push_back(parts.metrics.series(kOriginGiveUps, std::to_string(a)));
    dropped_answers_.push_back(parts.metrics.series(kDroppedAnswers, std::to_string(a)));
    limited_.push_back(parts.metrics.series(kLimited, std::to_string(a)));
    limit_gauge_.push_back(parts.metrics.series(kLimit, std::to_string(a)));
    if (config.origin_limit) slots_.push_back({config.origin_limit->fresh(), 0, {}});
    for (uint32_t c = 0; c < class_count_; ++c) {
      const std::string prefix = "app/" + std::to_string(a) + "/" + parts.keys.key_class(c).name + "/";
      pipelines_.emplace_back(config.class_strategies[c], streams, prefix);
      any_strategy_ = any_strategy_ || !pipelines_.back().empty();
    }
  }
  for (SeriesId s : requests_) request_columns_.push_back(parts.metrics.column(s));
  for (uint32_t c = 0; c < class_count_; ++c) {
    const KeyClassConfig& key_class = parts.keys.key_class(c);
    write_paths_.push_back(key_class.writes.get());
    invalidation_rngs_.push_back(streams.stream("writes/invalidation/" + key_class.name));
  }
  for (uint32_t c = 0; c < class_count_; ++c) {
    MetricTable& m = parts.metrics;
    const std::string& name = parts.keys.key_class(c).name;
    const SeriesId requests = m.series(kClassRequests, name);
    classes_.push_back({requests, m.series(kStale, name), m.series(kStaleAge, name), m.series(kEarly, name),
                        m.series(kCoalesced, name), m.series(kRefused, name), m.series(kOpened, name),
                        m.series(kClosed, name), m.series(kOpenTime, name), m.series(kLongestOpen, name),
                        m.series(kLockDenied, name), m.series(kLockPolls, name), m.series(kLockTimeouts, name),
                        m.column(requests), m.series(kNotFound, name), m.series(kNegativeHits, name)});
  }
}

void AppTier::connect(RequestOwner* clients, CacheCluster* cache, OriginServer* origin) {
  clients_ = clients;
  cache_ = cache;
  origin_ = origin;
  list_breakers();
}

std::vector<CacheCluster::ReplyNeeds> AppTier::reply_needs() const {
  std::vector<CacheCluster::ReplyNeeds> needs(class_count_);
  for (uint32_t c = 0; c < class_count_; ++c) {
    needs[c].ordered = pipelines_[c].keeps_state();
    needs[c].entry = pipelines_[c].reads_values();
    needs[c].reply_times = pipelines_[c].guarded();  // the breaker hears each reply at its instant
    if (const LockConfig* lock = pipelines_[c].lock()) {
      needs[c].lock_ttl_s = lock->lock_ttl_s;
      needs[c].lease = lock->lease;
    }
  }
  return needs;
}

double AppTier::warm_ttl_s(uint32_t key) {
  return pipelines_[parts_.keys.class_of(key)].stored_ttl_s(parts_.keys.ttl_s(key));
}

void AppTier::on_request(uint32_t request, double now) {
  Request& r = parts_.requests[request];
  const uint32_t key_class = parts_.keys.class_of(r.key);
  if (double* row = parts_.metrics.row(now)) {
    row[request_columns_[r.app]] += 1.0;
    row[classes_[key_class].request_column] += 1.0;
  }
  if (cache_ == nullptr) {
    fetch(request, false, now);
    return;
  }
  if (any_strategy_ && !breaker_permits(request, pipeline(r.app, key_class), now, true)) return;
  send_get(request, now);
}

void AppTier::send_get(uint32_t request, double now) {
  Request& r = parts_.requests[request];
  r.cache_deadline_s = now + cache_timeout_s_;
  cache_->send_get(r.app, request, now);
}

void AppTier::on_cache_reply(uint32_t request, CacheReply reply, double now) {
  Request& r = parts_.requests[request];
  if (reply == CacheReply::kHit) {
    parts_.metrics.add(cache_hits_[r.app], now);
    if (parts_.keys.missing(r.key)) parts_.metrics.add(classes_[parts_.keys.class_of(r.key)].negative_hits, now);
  }
  if (any_strategy_) {
    StrategyPipeline& p = pipeline(r);
    if (reply == CacheReply::kHit) {
      // A hit handed over where its shard served it: its breaker hears it at its arrival, now.
      if (p.guarded() && !p.keeps_state()) file_cache_result(r, p, true, now, BreakerResults::kReply);
      if (r.holds_lock) release_lock(request, now);  // filled while the lock was taken
      on_hit(request, p, now);
      return;
    }
    if (p.lock() != nullptr) {
      after_miss_with_lock(request, now);
      return;
    }
    if (p.coalesces_misses() && join_flight(request, now)) return;
  } else if (reply == CacheReply::kHit) {
    answer_with_value(request, now);
    return;
  }
  fetch(request, true, now);
}

void AppTier::on_hit(uint32_t request, StrategyPipeline& p, double now) {
  const Request& r = parts_.requests[request];
  if (p.reads_values()) {
    const ReadAction action = p.on_read({now, r.found_expires_s - p.grace_s(), r.found_recompute_s});
    if (action != ReadAction::kServe) {
      if (p.keeps_state()) {  // an ordered reply: the plane's clock is at now
        act_on_read(request, action, now);
      } else {  // taken where the shard served it: act at the reply's instant, in true order
        parts_.calendar.push(now, id_, action == ReadAction::kRecompute ? kRecomputeRead : kServeStaleRead, request);
      }
      return;
    }
  }
  answer_with_value(request, now);
}

void AppTier::act_on_read(uint32_t request, ReadAction action, double now) {
  const Request& r = parts_.requests[request];
  StrategyPipeline& p = pipeline(r);
  const ClassMetrics& m = classes_[parts_.keys.class_of(r.key)];
  if (action == ReadAction::kRecompute) {
    parts_.metrics.add(m.early, now);
    fetch(request, true, now);
    return;
  }
  parts_.metrics.add(m.stale, now);
  parts_.metrics.observe(m.stale_age, now, now - (r.found_expires_s - p.grace_s()));
  start_refresh(request, p.refresh_per_key(), now);
  answer_with_value(request, now);  // by index: start_refresh may have moved the records
}

void AppTier::answer_with_value(uint32_t request, double now) {
  const Request& r = parts_.requests[request];
  const double bytes = parts_.keys.value_bytes(r.key);
  const double end = now + parts_.paths.client_app[r.client].transfer_s(bytes);
  if (staleness_ != nullptr && RequestOwner::takes(r, end)) staleness_->served(r.key, r.stale_age_s, end);
  clients_->finish(request, end, Outcome::kOk, ErrorReason::kNone);
}

bool AppTier::join_flight(uint32_t request, double now) {
  Request& r = parts_.requests[request];
  bool leads = false;
  const uint32_t leader_index = flights_[r.app].try_emplace(r.key, request, &leads);
  if (leads) {
    r.leads_flight = true;
    r.next_waiter = kNoWaiter;
    return false;
  }
  Request& leader = parts_.requests[leader_index];
  r.next_waiter = leader.next_waiter;
  leader.next_waiter = request;
  parts_.metrics.add(classes_[parts_.keys.class_of(r.key)].coalesced, now);
  clients_->await(request, now);
  return true;
}

void AppTier::start_refresh(uint32_t reader, bool per_key, double now) {
  const Request r = parts_.requests[reader];  // a copy: allocate() may move the records
  auto& markers = per_key ? refreshing_tier_ : refreshing_[r.app];
  if (!markers.insert(r.key).second) return;  // one is in flight already
  const uint32_t index = parts_.requests.allocate();
  Request& refresh = parts_.requests[index];
  refresh = {now, std::numeric_limits<double>::infinity(), now, r.key, r.client, r.app, 1, true, false};
  refresh.background = true;
  refresh.found_at_s = r.found_at_s;
  fetch(index, true, now);
}

void AppTier::fetch(uint32_t request, bool refill, double now, bool awaited) {
  Request& r = parts_.requests[request];
  if (!r.background && !awaited) clients_->await(request, now);
  r.fill_on_answer = refill;
  if (refill && cache_ != nullptr) r.cycle = stampede_.fetch_started(r.key, r.found_at_s, now);
  if (!slots_.empty()) {
    admit(request, now);
    return;
  }
  query_origin(request, now);
}

void AppTier::query_origin(uint32_t request, double now) {
  parts_.requests[request].fetch_sent_s = now;
  if (origin_timeout_s_ != std::numeric_limits<double>::infinity()) start_origin_timer(request, now);
  origin_->query(request, now);
}

void AppTier::on_cache_silent(uint32_t request, double now) {
  if (parts_.requests[request].polls == 0) clients_->await(request, now);  // a poller awaits already
  parts_.calendar.push(std::max(parts_.requests[request].cache_deadline_s, now), id_, kCacheGiveUp, request);
}

void AppTier::on_cache_error(uint32_t request, double at, double now) {
  if (parts_.requests[request].polls == 0) clients_->await(request, now);
  const double deadline = parts_.requests[request].cache_deadline_s;
  parts_.calendar.push(std::max(std::min(at, deadline), now), id_, kCacheGiveUp, request);
}

void AppTier::on_set_refused(uint32_t app, double now) { parts_.metrics.add(set_errors_[app], now); }

void AppTier::on_filled(uint32_t key, double now) { stampede_.filled(key, now); }

void AppTier::give_up_on_cache(uint32_t request, double now) {
  Request& r = parts_.requests[request];
  if (r.is_write) {
    write_gave_up_on_cache(request, now);
    return;
  }
  parts_.metrics.add(give_ups_[r.app], now);
  if (any_strategy_) record_cache_result(request, false, now, BreakerResults::kBeforeReplies);
  fetch(request, false, now, true);
}

void AppTier::on_answer(uint32_t request, OriginAnswer answer, double now) {
  Request& r = parts_.requests[request];
  if (r.is_write) {
    on_write_answer(request, answer, now);
    return;
  }
  if (r.origin_abandoned) {
    on_late_answer(request, now);
    return;
  }
  r.origin_answered = true;
  if (answer == OriginAnswer::kOk && parts_.keys.missing(r.key))
    parts_.metrics.add(classes_[parts_.keys.class_of(r.key)].not_found, now);
  if (r.holds_origin_slot) release_slot(r, answer == OriginAnswer::kOk, now);
  if (r.fill_on_answer) stampede_.fetch_ended(r.key, r.cycle);
  if (r.leads_flight) {
    end_flight(r, [&](uint32_t waiter) {
      parts_.requests[waiter].version = r.version;  // it is served the value the leader read
      parts_.requests[waiter].stale_age_s = r.stale_age_s;
      answer_client(waiter, answer, now);
    });
  }
  // A not-found answer its class does not cache is served, not stored.
  if (answer == OriginAnswer::kOk && r.fill_on_answer && !parts_.keys.uncached(r.key)) fill(request, now);
  if (r.holds_lock) release_lock(request, now);  // after the SET, on the same connection (a lease: the SET)
  if (!r.background) {
    answer_client(request, answer, now);
    return;
  }
  refreshing_[r.app].erase(r.key);
  refreshing_tier_.erase(r.key);
  parts_.requests.release(request);
}

void AppTier::fill(uint32_t request, double now) {
  Request& r = parts_.requests[request];
  const double ttl_s = parts_.keys.ttl_s(r.key);
  r.fill_ttl_s = any_strategy_ ? pipeline(r).stored_ttl_s(ttl_s) : ttl_s;
  r.fill_recompute_s = static_cast<float>(now - r.fetch_sent_s);
  ++r.holds;
  cache_->send_set(r.app, request, now);
}

void AppTier::answer_client(uint32_t request, OriginAnswer answer, double now) {
  if (answer == OriginAnswer::kOk) {
    answer_with_value(request, now);
    return;
  }
  fail_client(request, error_of(answer), now);
}

void AppTier::fail_client(uint32_t request, ErrorReason reason, double now) {
  const Request& r = parts_.requests[request];
  clients_->finish(request, now + parts_.paths.client_app[r.client].latency_s, Outcome::kError, reason);
}

void AppTier::on_event(uint16_t kind, uint32_t ref, double now) {
  switch (kind) {
    case kCacheGiveUp: give_up_on_cache(ref, now); return;
    case kLockPoll: poll_for_value(ref, now); return;
    case kFlush: flush(ref, now); return;
    case kInvalidate: send_invalidation(ref, now); return;
    case kRecomputeRead: act_on_read(ref, ReadAction::kRecompute, now); return;
    case kServeStaleRead: act_on_read(ref, ReadAction::kServeStale, now); return;
    case kOriginGiveUp: give_up_on_origin(ref, now); return;
    case kSlotWait: on_slot_wait_over(ref, now); return;
    default: on_answer(ref, static_cast<OriginAnswer>(kind - kFirstAnswerKind), now);
  }
}

}  // namespace cachestorm::models
