// AppTier's origin timeout (app.origin_timeout_s; models/app/app_tier.hpp): an app instance that
// gives up on a read's origin query. The query is not cancelled: the origin serves it anyway
// (wasted work, the way a database finishes a query whose caller went away), but its answer is
// dropped: nobody is answered with it and it is not written to the cache. So under an origin
// backlog longer than the timeout no miss refills its key, which is what lets an overload outlive
// its trigger (a metastable failure; scenarios/README.md, "Retries"). Writes keep waiting.
#include <limits>

#include "models/app/app_tier.hpp"

namespace cachestorm::models {

void AppTier::start_origin_timer(uint32_t request, double now) {
  Request& r = parts_.requests[request];
  if (r.is_write) return;
  r.origin_answered = false;
  r.origin_abandoned = false;
  ++r.holds;  // the timer's: the record stays until it fires
  parts_.calendar.push(now + origin_timeout_s_, id_, kOriginGiveUp, request);
}

void AppTier::give_up_on_origin(uint32_t request, double now) {
  Request& r = parts_.requests[request];
  if (r.origin_answered) {
    parts_.requests.release(request);
    return;
  }
  r.origin_abandoned = true;
  parts_.metrics.add(origin_give_ups_[r.app], now);
  if (r.holds_origin_slot) release_slot(r, false, now);
  fail_fetch(request, ErrorReason::kOriginTimeout, true, now);
}

void AppTier::fail_fetch(uint32_t request, ErrorReason reason, bool reached_origin, double now) {
  Request& r = parts_.requests[request];
  if (!reached_origin) {  // else these wait for its answer (on_late_answer)
    if (r.fill_on_answer) stampede_.fetch_ended(r.key, r.cycle);
    if (r.holds_lock) release_lock(request, now);
  }
  if (r.leads_flight) {  // its waiters were waiting for this very answer
    end_flight(r, [&](uint32_t waiter) { fail_client(waiter, reason, now); });
    r.leads_flight = false;
  }
  if (r.background) {
    refreshing_[r.app].erase(r.key);
    refreshing_tier_.erase(r.key);
    parts_.requests.release(request);  // a timer's hold (the query's goes with its answer), or the fetch's
    return;
  }
  // The client's answer takes a timer's hold, or the fetch's; a query out keeps the record until
  // its answer.
  fail_client(request, reason, now);
}

void AppTier::on_late_answer(uint32_t request, double now) {
  Request& r = parts_.requests[request];
  parts_.metrics.add(dropped_answers_[r.app], now);
  if (r.fill_on_answer) stampede_.fetch_ended(r.key, r.cycle);
  if (r.holds_lock) release_lock(request, now);
  parts_.requests.release(request);
}

}  // namespace cachestorm::models
