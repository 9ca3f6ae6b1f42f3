// The application instances, doing cache-aside with each key class's strategy pipeline
// (models/app/strategy_pipeline.hpp; empty: plain cache-aside). Client c is served by instance
// c mod app_instances; each instance keeps its own pipelines, single-flight table and refresh
// markers (with single_flight scope distributed, the lock lives in the shard instead). A request
// that reaches its instance:
//  - with the cache disabled, or refused by the class's circuit breaker (fail-open), reads the
//    origin and is not written back; a fail-closed breaker answers with an error instead;
//  - else sends GET to the key's shard. A hit is answered with the value, unless the class's read
//    strategies say otherwise: recompute now (XFetch: fetch, answer with the new value, write it
//    back) or serve stale (stale-while-revalidate: answer at once, refresh in the background,
//    one refresh per key at a time per instance or per tier). A miss fetches from the origin
//    and writes the value back with SET; with single_flight the misses of a key that come while
//    a fetch is in flight wait for its answer. A GET without a reply by app.cache_timeout_s is
//    a breaker failure; the request then reads the origin without a write-back.
// A fill is stored with the pipeline's TTL (jitter, plus any grace) and the fetch's duration
// (XFetch's delta). Everything reaches the instance at its true instant (GET replies of a class
// with state in the instance as ordered events), so state is read and changed in true order. A
// hit of a class without such state is taken where its shard serves it: its breaker result is
// filed for the reply's instant (models/app/breaker_results.hpp), and a read strategy that acts
// on it (recompute, serve stale) does so on the calendar at that instant.
// Writes (models/app/app_tier_writes.cpp) walk their class's write path; with writes in the
// scenario the instance is the origin's SourceListener and reports versions and served values
// to the staleness ledger (PlaneParts::staleness).
// Metrics per instance (label "app"): requests, cache give-ups, SETs refused with OOM; per key
// class: requests, stale reads and their age, early recomputes, coalesced misses, breaker
// refusals, transitions and time away from CLOSED; refill cycles in models/app/stampede_ledger.hpp.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <unordered_set>
#include <vector>

#include "models/app/app_config.hpp"
#include "models/app/breaker_results.hpp"
#include "models/app/circuit_breaker.hpp"
#include "models/app/stampede_ledger.hpp"
#include "models/app/strategy_pipeline.hpp"
#include "models/cache/cache_cluster.hpp"
#include "models/core/key_map.hpp"
#include "models/core/plane_parts.hpp"
#include "models/core/request_hand_off.hpp"
#include "models/origin/origin_server.hpp"

namespace cachestorm::models {

class AppTier final : public Component, public CacheClient, public SourceListener, public RequestHandler {
 public:
  // `apps` instances. REQUIRES: config.class_strategies has one list per key class of parts.keys.
  AppTier(const AppConfig& config, uint32_t apps, const PlaneParts& parts, const sim::RngStreams& streams, uint16_t id);
  // REQUIRES: called once before the run; cache may be null when the cache is disabled.
  void connect(RequestOwner* clients, CacheCluster* cache, OriginServer* origin);
  // What the cache must do for each key class's GETs (CacheCluster::connect).
  std::vector<CacheCluster::ReplyNeeds> reply_needs() const;
  // The TTL a key is stored with at a warm start (instance 0's pipeline).
  double warm_ttl_s(uint32_t key);

  // `request` reached its instance at now.
  void on_request(uint32_t request, double now) override;
  void on_cache_reply(uint32_t request, CacheReply reply, double now) override;
  void on_cache_silent(uint32_t request, double now) override;
  void on_cache_error(uint32_t request, double at, double now) override;
  // Files the GET's result for its breaker (models/app/breaker_results.hpp).
  void on_reply_known(uint32_t request, double arrive_s) override;
  void on_set_refused(uint32_t app, double now) override;
  void on_filled(uint32_t key, double now) override;
  void on_lock_reply(uint32_t request, bool granted, double now) override;
  // A write reached its instance at now. REQUIRES: the plane has a staleness ledger.
  void on_write(uint32_t request, double now) override;
  void on_write_reply(uint32_t request, bool applied, double now) override;
  void on_source_read(uint32_t request, double now) override;
  void on_source_write(uint32_t request, double now) override;
  void on_event(uint16_t kind, uint32_t ref, double now) override;
  // Files what is due before t (the plane calls this before it closes metric windows up to t).
  void settle_before(double t) {
    apply_breaker_results(t, false);
    stampede_.settle_before(t);
  }
  // Applies the breakers' results due before t (the plane calls this before another component
  // logs a state change at t, so the log stays in time order).
  void apply_breaker_results_before(double t) { apply_breaker_results(t, false); }
  // The run ends at last_t (its last instant): see StampedeLedger::finish.
  // Breakers still away from CLOSED count their time open up to last_t.
  void finish(double last_t);
  // The event kind origin answers arrive as (plus OriginAnswer).
  static constexpr uint16_t kFirstAnswerKind = 1;
  static constexpr uint32_t kNoWaiter = UINT32_MAX;  // the end of a single-flight's waiter list

 private:
  // Answers take 1, 2, 3. kRecomputeRead / kServeStaleRead: a hit taken where its shard served
  // it whose read strategy acts (XFetch recomputes, SWR serves stale), at the reply's instant.
  enum Kind : uint16_t {
    kCacheGiveUp = 0, kLockPoll = 16, kFlush = 17, kInvalidate = 18, kRecomputeRead = 19, kServeStaleRead = 20,
    kOriginGiveUp = 21, kSlotWait = 22
  };
  struct ClassMetrics {
    SeriesId requests, stale, stale_age, early, coalesced, refused, opened, closed, open_time, longest_open;
    SeriesId lock_denied, lock_polls, lock_timeouts;
    uint32_t request_column;
    SeriesId not_found, negative_hits;
  };
  StrategyPipeline& pipeline(uint32_t app, uint32_t key_class) { return pipelines_[app * class_count_ + key_class]; }
  StrategyPipeline& pipeline(const Request& r) { return pipeline(r.app, parts_.keys.class_of(r.key)); }
  // A hit reached its instance at now (or will: a class without ordered replies); its read
  // strategies decide. One that acts on a hit taken early does so on the calendar, at now.
  void on_hit(uint32_t request, StrategyPipeline& pipeline, double now);
  // At now the hit's read strategy recomputes (XFetch) or serves stale and refreshes (SWR).
  void act_on_read(uint32_t request, ReadAction action, double now);
  void refused_by_breaker(uint32_t request, const StrategyPipeline& pipeline, double now);
  // Sends the request's origin query; refill: write the answer back (a refill fetch). awaited:
  // its client's timeout is running already.
  void fetch(uint32_t request, bool refill, double now, bool awaited = false);
  // Distributed single-flight (models/app/app_tier_locks.cpp): a miss asks for the key's lock;
  // the holder reads the cache once more (a fill may have landed meanwhile) and fetches only on
  // a miss; one denied waits and polls (GET, then the lock again on a miss) until its budget is
  // spent.
  void try_lock(uint32_t request, double now);
  // A miss: ask for the lock, or, if this GET re-checked the cache under the lock, fetch.
  void after_miss_with_lock(uint32_t request, double now);
  void wait_for_lock_holder(uint32_t request, double now);
  void poll_for_value(uint32_t request, double now);
  void release_lock(uint32_t request, double now);
  // A miss joins the key's fetch in flight in its instance; false: none, it leads one.
  bool join_flight(uint32_t request, double now);
  // A background refresh of the key the request read (unless one is in flight). Allocates a
  // request record: references to records die.
  void start_refresh(uint32_t reader, bool per_key, double now);
  void give_up_on_cache(uint32_t request, double now);
  void on_answer(uint32_t request, OriginAnswer answer, double now);
  void answer_client(uint32_t request, OriginAnswer answer, double now);
  // The request ends with `reason`, heard by its client a link latency after now.
  void fail_client(uint32_t request, ErrorReason reason, double now);
  // The single flight `leader` leads is over: each of its waiters is handed to `answer` (in the
  // order they joined, newest first), and the flight is closed to new waiters.
  template <class Answer>
  void end_flight(const Request& leader, Answer answer) {
    for (uint32_t w = leader.next_waiter; w != kNoWaiter;) {
      const uint32_t next = parts_.requests[w].next_waiter;
      answer(w);
      w = next;
    }
    flights_[leader.app].erase(leader.key);
  }
  void fill(uint32_t request, double now);
  // The breaker of pipeline p (the request's) for the request's shard, if any, lets the cache
  // call go ahead; if not, the request is refused (fail-open: it reads the origin; fail-closed:
  // an error) and false.
  // The breaker first hears the results due before now (after_replies: at now too, as a request
  // reaching its instance comes after the replies of its instant).
  bool breaker_permits(uint32_t request, StrategyPipeline& p, double now, bool after_replies);
  // The request's cache call (sent at cache_deadline_s - app.cache_timeout_s) ends at now (which
  // may lie ahead: a hit's reply is known when its shard serves it): a reply (success) or a
  // give-up (rank BreakerResults::kBeforeReplies). Its breaker, if any, hears it at now.
  void record_cache_result(uint32_t request, bool success, double now, uint8_t rank = BreakerResults::kReply);
  // The shard whose breaker guards the request's call (0 for a class-wide breaker).
  uint32_t breaker_shard(const Request& r, const StrategyPipeline& p) const {
    return p.breaker_per_shard() ? cache_->shard_of(r.key) : 0;
  }
  // Files the call's result as record_cache_result does, for a request of pipeline p, which has
  // a breaker.
  void file_cache_result(const Request& r, const StrategyPipeline& p, bool success, double now, uint8_t rank) {
    const double duration_s = now - (r.cache_deadline_s - cache_timeout_s_);
    breaker_results_.file({now, duration_s, p.breaker(breaker_shard(r, p)), success, rank});
  }
  // Hands the breakers their results due before t (through_t: at t too), in time order.
  void apply_breaker_results(double t, bool through_t);
  // Sends the request's GET at now, its reply due by now + app.cache_timeout_s.
  void send_get(uint32_t request, double now);
  // Counts the breaker's state changes since the last call and logs them (parts_.events); shard:
  // the breaker's, when it guards one shard.
  void note_transitions(CircuitBreaker& breaker, uint32_t key_class, uint32_t app, uint32_t shard, double now);
  // Files the time a breaker spent away from CLOSED, from its trip to `until`, at now.
  void count_time_open(double tripped_at_s, uint32_t key_class, double until, double now);
  struct TrippedBreaker {
    CircuitBreaker* breaker;
    uint32_t key_class;
    bool operator==(const TrippedBreaker&) const = default;
  };
  // Answers the request's client with its key's value, at now (+ the instance -> client path).
  void answer_with_value(uint32_t request, double now);
  // Writes (models/app/app_tier_writes.cpp): the step in Request::cycle, then the next one.
  const WritePath& write_path(const Request& r) const { return *write_paths_[parts_.keys.class_of(r.key)]; }
  void take_write_step(uint32_t request, double now);
  void next_write_step(uint32_t request, double now);
  void write_gave_up_on_cache(uint32_t request, double now);
  void on_write_answer(uint32_t request, OriginAnswer answer, double now);
  // write_behind: the shard's worker flushes the write to the source (unless the shard lost it).
  void flush(uint32_t request, double now);
  // A source update at now: its invalidation's DEL leaves the instance after its delay (or is lost).
  void invalidate_later(uint32_t writer, const InvalidationConfig& config, double now);
  void send_invalidation(uint32_t request, double now);
  // app.origin_timeout_s (models/app/app_tier_origin_timeout.cpp): the query's give-up is due at
  // now + the timeout; at it the request (and its single-flight waiters) end with the error
  // origin_timeout; an answer after it is dropped (on_late_answer).
  void start_origin_timer(uint32_t request, double now);
  void give_up_on_origin(uint32_t request, double now);
  void on_late_answer(uint32_t request, double now);
  // Sends the read's origin query at now (and starts its origin timer).
  void query_origin(uint32_t request, double now);
  // Ends a read's fetch that got no answer with `reason` at now: its single-flight waiters too, its
  // lock released, a background refresh's marker dropped. `reached_origin`: its query is out (it
  // keeps the record until its answer), else the fetch's own hold goes with it.
  void fail_fetch(uint32_t request, ErrorReason reason, bool reached_origin, double now);
  // app.origin_limit (models/app/app_tier_origin_limit.cpp): a read's query takes a slot of its
  // instance, waits up to app.origin_limit_wait_s for one, or fails with origin_limited.
  void admit(uint32_t request, double now);
  void on_slot_wait_over(uint32_t request, double now);
  // The query of `r` gives its slot back at now (ok: answered with a value in time); waiting
  // queries take the slots free under the limit.
  void release_slot(Request& r, bool ok, double now);

  PlaneParts parts_;
  uint16_t id_;
  double cache_timeout_s_;
  double origin_timeout_s_;  // infinity: none
  struct OriginSlots {  // per instance, with app.origin_limit
    std::unique_ptr<ConcurrencyLimit> limit;
    uint32_t in_flight = 0;
    std::deque<uint32_t> waiting;  // reads waiting for a slot, in arrival order
  };
  std::vector<OriginSlots> slots_;  // empty: no limit
  double slot_wait_s_ = 0.0;
  uint32_t class_count_;
  RequestOwner* clients_ = nullptr;
  CacheCluster* cache_ = nullptr;
  OriginServer* origin_ = nullptr;
  std::vector<StrategyPipeline> pipelines_;  // [app * classes + class]
  bool any_strategy_ = false;
  StampedeLedger stampede_;
  std::vector<KeyMap<uint32_t>> flights_;                          // [app]: key -> the request fetching it
  std::vector<std::unordered_set<uint32_t>> refreshing_;           // [app]: keys refreshing in the background
  std::unordered_set<uint32_t> refreshing_tier_;                   // the same, coalesced over every instance
  std::vector<SeriesId> requests_, give_ups_, cache_hits_, set_errors_, origin_give_ups_,
      dropped_answers_, limited_, limit_gauge_;  // per instance
  std::vector<uint32_t> request_columns_;                   // per instance
  std::vector<ClassMetrics> classes_;                       // per key class
  std::vector<TrippedBreaker> tripped_;                     // breakers away from CLOSED now
  BreakerResults breaker_results_;                          // filed, not yet due
  struct BreakerSite {                                      // who a breaker guards, for its log
    CircuitBreaker* breaker;
    uint32_t key_class, app, shard;
  };
  std::vector<BreakerSite> breaker_sites_;                  // every breaker, made at connect()
  void list_breakers();
  StalenessLedger* staleness_;                              // null: no class has writes
  std::vector<const WritePath*> write_paths_;               // [key class]: null for read-only ones
  std::vector<sim::Rng> invalidation_rngs_;                 // [key class]: "writes/invalidation/<class>"
};

}  // namespace cachestorm::models
