// Origin-side events of the request path: queries arriving at the origin, completing, timing out
// in its queue, and the cache fills that follow a successful query.
#include "models/request_plane.hpp"

namespace cachestorm::models {

void RequestPlane::send_to_origin(double t_app, uint32_t client, uint32_t key, double sent_s, bool write_back) {
  uint32_t slot;
  if (free_slots_.empty()) {
    slot = static_cast<uint32_t>(queries_.size());
    queries_.push_back({});
    if (queries_.size() > bounds_.max_in_flight) until_poll_ = 1;  // halt before the next event
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
  }
  queries_[slot] = {sent_s, key, client, write_back};
  calendar_.push(t_app + paths_.app_origin[app_of(client)].latency_s, kOriginArrive, slot);
}

void RequestPlane::dispatch(const CalendarEvent& event) {
  switch (event.kind) {
    case kOriginArrive:
      on_origin_arrive(event.ref);
      return;
    case kOriginDone:
      on_origin_done(event.ref);
      return;
    case kCacheFill:
      observer_.on_cache(now_, cache_.fill(event.ref, now_) ? CacheEvent::kFilled : CacheEvent::kFillLost);
      return;
    case kQueueDeadline:
      on_queue_deadline();
      return;
  }
}

void RequestPlane::on_origin_arrive(uint32_t slot) {
  double completion = 0.0;
  switch (origin_.arrive(now_, slot, &completion)) {
    case OriginDb::Admission::kStarted:
      calendar_.push(completion, kOriginDone, slot);
      observer_.on_origin(now_, OriginEvent::kStarted, origin_.busy(), origin_.waiting());
      return;
    case OriginDb::Admission::kQueued:
      observer_.on_origin(now_, OriginEvent::kQueued, origin_.busy(), origin_.waiting());
      schedule_deadline();
      return;
    case OriginDb::Admission::kRejected:
      observer_.on_origin(now_, OriginEvent::kRejected, origin_.busy(), origin_.waiting());
      fail_query(slot, now_);
      return;
  }
}

void RequestPlane::on_origin_done(uint32_t slot) {
  expired_.clear();
  const auto next = origin_.release(now_, expired_);
  observer_.on_origin(now_, OriginEvent::kCompleted, origin_.busy(), origin_.waiting());
  report_expired();
  if (next) {
    calendar_.push(next->completion_s, kOriginDone, next->query);
    observer_.on_origin(now_, OriginEvent::kStarted, origin_.busy(), origin_.waiting());
    schedule_deadline();
  }
  complete_query(slot);
}

void RequestPlane::on_queue_deadline() {
  deadline_pending_ = false;
  expired_.clear();
  origin_.expire_waiting(now_, expired_);
  report_expired();
  schedule_deadline();
}

void RequestPlane::schedule_deadline() {
  if (deadline_pending_) return;
  if (const auto deadline = origin_.next_deadline()) {
    calendar_.push(*deadline, kQueueDeadline, 0);
    deadline_pending_ = true;
  }
}

void RequestPlane::report_expired() {
  for (const auto& expired : expired_) {
    observer_.on_origin(expired.deadline_s, OriginEvent::kQueueTimeout, origin_.busy(), origin_.waiting());
    fail_query(expired.query, expired.deadline_s);
  }
}

void RequestPlane::complete_query(uint32_t slot) {
  const Query query = queries_[slot];
  free_slots_.push_back(slot);
  const uint32_t app = app_of(query.client);
  const double bytes = value_bytes_[query.key];
  const double t_app = now_ + paths_.app_origin[app].transfer_s(bytes);
  respond(query.sent_s, t_app + paths_.client_app[query.client].transfer_s(bytes), Outcome::kOk);
  if (query.write_back) {
    const Path& app_node = paths_.app_cache[app][cache_.node_of(query.key)];
    calendar_.push(t_app + app_node.transfer_s(bytes), kCacheFill, query.key);
  }
}

void RequestPlane::fail_query(uint32_t slot, double t_at_origin) {
  const Query query = queries_[slot];
  free_slots_.push_back(slot);
  const double t_app = t_at_origin + paths_.app_origin[app_of(query.client)].latency_s;
  respond(query.sent_s, t_app + paths_.client_app[query.client].latency_s, Outcome::kError);
}

}  // namespace cachestorm::models
