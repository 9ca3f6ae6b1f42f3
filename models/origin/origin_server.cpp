#include "models/origin/origin_server.hpp"

namespace cachestorm::models {
namespace {

const MetricFamily kArrived{"origin_queries_arrived", "count", "queries that reached the origin (the load offered to it)",
                            MetricKind::kCounter, "", "event time"};
const MetricFamily kRetried{"origin_queries_retried", "count",
                            "queries that reached the origin for a retry (an attempt after a request's first)",
                            MetricKind::kCounter, "", "event time"};
const MetricFamily kStarted{"origin_queries_started", "count", "queries that got a connection",
                            MetricKind::kCounter, "", "event time"};
const MetricFamily kCompleted{"origin_queries_completed", "count", "queries answered", MetricKind::kCounter, "",
                              "event time"};
const MetricFamily kRejected{"origin_rejected", "count", "queries refused: the wait queue was full, or the origin was down (origin_down refuse)",
                             MetricKind::kCounter, "", "event time"};
const MetricFamily kQueueTimeouts{"origin_queue_timeouts", "count", "queries dropped after origin.queue_timeout_s",
                                  MetricKind::kCounter, "", "event time"};
const MetricFamily kFailed{"origin_failed", "count", "queries served and answered with an error (origin_errors faults)",
                           MetricKind::kCounter, "", "event time"};
const MetricFamily kShed{"origin_shed", "count", "queries dropped from the head of the wait queue by CoDel (origin.codel)",
                         MetricKind::kCounter, "", "event time"};
const MetricFamily kBusy{"origin_busy", "connections", "connections serving a query (peak in the window, value at its end)",
                         MetricKind::kGauge, "", "event time"};
const MetricFamily kWaiting{"origin_queue", "queries", "queries waiting for a connection (peak, value at the end)",
                            MetricKind::kGauge, "", "event time"};

}  // namespace

OriginServer::OriginServer(const OriginConfig& config, const PlaneParts& parts, const sim::RngStreams& streams,
                           uint16_t id)
    : parts_(parts),
      id_(id),
      db_(config, streams.stream("origin/service"), streams.stream("origin/write_service")),
      error_rng_(streams.stream("origin/errors")) {
  MetricTable& m = parts.metrics;
  arrived_ = m.series(kArrived);
  retried_ = m.series(kRetried);
  started_ = m.series(kStarted);
  completed_ = m.series(kCompleted);
  rejected_ = m.series(kRejected);
  queue_timeouts_ = m.series(kQueueTimeouts);
  failed_ = m.series(kFailed);
  shed_count_ = m.series(kShed);
  busy_ = m.series(kBusy);
  waiting_ = m.series(kWaiting);
}

void OriginServer::query(uint32_t request, double now) {
  ++in_flight_;
  const uint32_t app = parts_.requests[request].app;
  parts_.calendar.push(now + parts_.paths.app_origin[app].latency_s, id_, kArrive, request);
}

void OriginServer::on_event(uint16_t kind, uint32_t ref, double now) {
  switch (static_cast<Kind>(kind)) {
    case kArrive: on_arrive(ref, now); return;
    case kDone: on_done(ref, now); return;
    case kQueueDeadline: on_deadline(now); return;
  }
}

void OriginServer::record_state(double now) {
  parts_.metrics.set(busy_, now, db_.busy());
  parts_.metrics.set(waiting_, now, db_.waiting());
}

void OriginServer::on_arrive(uint32_t request, double now) {
  double completion = 0.0;
  parts_.metrics.add(arrived_, now);
  if (parts_.requests[request].attempt > 1) parts_.metrics.add(retried_, now);
  if (refusing_) {
    parts_.metrics.add(rejected_, now);
    answer(request, now, OriginAnswer::kRejected);
    return;
  }
  switch (db_.arrive(now, request, parts_.requests[request].is_write, &completion)) {
    case OriginDb::Admission::kStarted:
      start(request, completion, now);
      break;
    case OriginDb::Admission::kQueued:
      schedule_deadline();
      break;
    case OriginDb::Admission::kRejected:
      parts_.metrics.add(rejected_, now);
      answer(request, now, OriginAnswer::kRejected);
      break;
  }
  record_state(now);
}

void OriginServer::start(uint32_t request, double completion_s, double now) {
  parts_.calendar.push(completion_s, id_, kDone, request);
  parts_.metrics.add(started_, now);
  if (listener_ != nullptr && !parts_.requests[request].is_write) listener_->on_source_read(request, now);
}

void OriginServer::on_done(uint32_t request, double now) {
  if (listener_ != nullptr && parts_.requests[request].is_write) listener_->on_source_write(request, now);
  expired_.clear();
  shed_.clear();
  const auto next = db_.release(now, expired_, shed_);
  parts_.metrics.add(completed_, now);
  report_expired();
  for (const OriginDb::Expired& dropped : shed_) {
    parts_.metrics.add(shed_count_, now);
    answer(dropped.query, now, OriginAnswer::kShed);
  }
  if (next) {
    start(next->query, next->completion_s, now);
    schedule_deadline();
  }
  record_state(now);
  if (errors_.probability() > 0.0 && error_rng_.uniform01() < errors_.probability()) {
    parts_.metrics.add(failed_, now);
    answer(request, now, OriginAnswer::kFailed);
    return;
  }
  answer(request, now, OriginAnswer::kOk);
}

void OriginServer::on_deadline(double now) {
  deadline_pending_ = false;
  expired_.clear();
  db_.expire_waiting(now, expired_);
  report_expired();
  schedule_deadline();
  record_state(now);
}

void OriginServer::schedule_deadline() {
  if (deadline_pending_) return;
  if (const auto deadline = db_.next_deadline()) {
    parts_.calendar.push(*deadline, id_, kQueueDeadline, 0);
    deadline_pending_ = true;
  }
}

void OriginServer::report_expired() {
  for (const auto& expired : expired_) {
    parts_.metrics.add(queue_timeouts_, expired.deadline_s);
    answer(expired.query, expired.deadline_s, OriginAnswer::kQueueTimeout);
  }
}

void OriginServer::answer(uint32_t request, double at_origin_s, OriginAnswer answer) {
  --in_flight_;
  const Request& r = parts_.requests[request];
  const Path& path = parts_.paths.app_origin[r.app];
  const bool ok = answer == OriginAnswer::kOk && !r.is_write;  // a write's acknowledgement carries no value
  const double arrive = at_origin_s + (ok ? path.transfer_s(parts_.keys.value_bytes(r.key)) : path.latency_s);
  parts_.calendar.push(arrive, client_id_, static_cast<uint16_t>(first_kind_ + static_cast<uint16_t>(answer)), request);
}

ChangeNote OriginServer::apply(const FaultChange& change, double now) {
  switch (change.kind) {
    case ChangeKind::kKill: {  // the database process is gone: connections refused at once
      refusing_ = true;
      expired_.clear();
      db_.drop_waiting(now, expired_);
      for (const auto& dropped : expired_) {
        parts_.metrics.add(rejected_, now);
        answer(dropped.query, now, OriginAnswer::kRejected);
      }
      record_state(now);
      return {"origin", "down_refusing"};
    }
    case ChangeKind::kCrash:  // hung: queries wait (and time out) but none starts
      db_.pause();
      return {"origin", "down_hanging"};
    case ChangeKind::kRelaunch:
    case ChangeKind::kRestart:
      refusing_ = false;
      for (const OriginDb::Started& started : db_.resume(now)) start(started.query, started.completion_s, now);
      schedule_deadline();
      record_state(now);
      return {"origin", "up"};
    case ChangeKind::kErrorsStart:
    case ChangeKind::kErrorsEnd:
      return {"origin", errors_.apply(change)};
    default: {
      const char* what = slow_.apply(change);
      db_.set_service_factor(slow_.factor());
      return {"origin", what};
    }
  }
}

}  // namespace cachestorm::models
