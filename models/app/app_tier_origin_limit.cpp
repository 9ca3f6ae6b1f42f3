// AppTier's origin concurrency limit (app.origin_limit; models/app/app_tier.hpp,
// models/app/limits/): protection of the origin in the app instances. A read's origin query takes
// one of its instance's slots; with none free it waits up to app.origin_limit_wait_s (in arrival
// order), else it fails at once with the error origin_limited, which its client may retry. A slot
// is given back when the answer arrives, or when the app gives the query up
// (app.origin_timeout_s; the query still runs at the origin). An adaptive limit hears each
// slot's result. Writes are not limited.
#include <algorithm>

#include "models/app/app_tier.hpp"

namespace cachestorm::models {

void AppTier::admit(uint32_t request, double now) {
  Request& r = parts_.requests[request];
  OriginSlots& slots = slots_[r.app];
  parts_.metrics.set(limit_gauge_[r.app], now, slots.limit->limit());
  if (slots.in_flight < slots.limit->limit()) {
    ++slots.in_flight;
    r.holds_origin_slot = true;
    query_origin(request, now);
    return;
  }
  if (slot_wait_s_ > 0.0) {
    r.waits_for_slot = true;
    slots.waiting.push_back(request);
    ++r.holds;  // the wait's timer
    parts_.calendar.push(now + slot_wait_s_, id_, kSlotWait, request);
    return;
  }
  parts_.metrics.add(limited_[r.app], now);
  fail_fetch(request, ErrorReason::kOriginLimited, false, now);
}

void AppTier::on_slot_wait_over(uint32_t request, double now) {
  Request& r = parts_.requests[request];
  if (!r.waits_for_slot) {  // it got a slot in time
    parts_.requests.release(request);
    return;
  }
  r.waits_for_slot = false;
  auto& waiting = slots_[r.app].waiting;
  waiting.erase(std::find(waiting.begin(), waiting.end(), request));
  parts_.metrics.add(limited_[r.app], now);
  fail_fetch(request, ErrorReason::kOriginLimited, false, now);  // takes the fetch's hold
  parts_.requests.release(request);                               // the timer's
}

void AppTier::release_slot(Request& r, bool ok, double now) {
  r.holds_origin_slot = false;
  OriginSlots& slots = slots_[r.app];
  --slots.in_flight;
  slots.limit->on_result(ok);
  parts_.metrics.set(limit_gauge_[r.app], now, slots.limit->limit());
  while (!slots.waiting.empty() && slots.in_flight < slots.limit->limit()) {
    const uint32_t next = slots.waiting.front();
    slots.waiting.pop_front();
    Request& waiter = parts_.requests[next];
    waiter.waits_for_slot = false;  // its timer finds it gone
    waiter.holds_origin_slot = true;
    ++slots.in_flight;
    query_origin(next, now);
  }
}

}  // namespace cachestorm::models
