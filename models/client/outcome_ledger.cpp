#include "models/client/outcome_ledger.hpp"

#include <cmath>

namespace cachestorm::models {
namespace {

constexpr const char* kBySend = "send time of the request";
const MetricFamily kRequests{"requests", "count", "requests sent", MetricKind::kCounter, "", kBySend};
const MetricFamily kOk{"ok", "count", "requests answered with a value (hit, filled miss)", MetricKind::kCounter, "",
                       kBySend};
const MetricFamily kErrors{"errors", "count", "requests answered with an error, by reason", MetricKind::kCounter,
                           "reason", kBySend};
const MetricFamily kTimeouts{"client_timeouts", "count", "requests whose client gave up at send + client.timeout_s",
                             MetricKind::kCounter, "", kBySend};
const MetricFamily kUnfinished{"unfinished", "count", "requests without an outcome when the run ended",
                               MetricKind::kCounter, "", kBySend};
const MetricFamily kSlow{"slow_requests", "count",
                         "ended requests slower than client.slo_latency_s (timeouts included)", MetricKind::kCounter,
                         "", kBySend};
const MetricFamily kInFlight{"in_flight_end", "requests", "requests sent and not yet ended at the window's end",
                             MetricKind::kLevel, "", "window end"};
const MetricFamily kLatency{"latency", "s", "time to the outcome of every ended request (timeouts at their timeout)",
                            MetricKind::kLatency, "", kBySend};
const MetricFamily kLatencyOk{"latency_ok", "s", "time to the answer of ok requests", MetricKind::kLatency, "",
                              kBySend};
constexpr const char* kReasonNames[] = {"none", "origin_rejected", "origin_queue_timeout", "cache_breaker_open",
                                        "lock_wait_timeout", "origin_error", "origin_timeout", "origin_limited", "origin_shed"};

}  // namespace

OutcomeLedger::OutcomeLedger(MetricTable& table, double slo_latency_s)
    : table_(table), horizon_(static_cast<double>(table.window_limit())), slo_s_(slo_latency_s) {
  requests_ = table.series(kRequests);
  ok_ = table.series(kOk);
  for (size_t r = 1; r < errors_.size(); ++r) errors_[r] = table.series(kErrors, kReasonNames[r]);
  timeouts_ = table.series(kTimeouts);
  unfinished_ = table.series(kUnfinished);
  slow_ = table.series(kSlow);
  in_flight_ = table.series(kInFlight);
  latency_ = table.series(kLatency);
  latency_ok_ = table.series(kLatencyOk);
}

void OutcomeLedger::grow_to(size_t window) {
  sent_.resize(window + 1, 0);
  ended_by_cohort_.resize(window + 1, 0);
}

OutcomeLedger::Part& OutcomeLedger::find_part(size_t end_window, size_t send_window) {
  if (end_window != cached_window_) {
    cached_bucket_ = &staged_[end_window];  // map nodes stay put until erased
    cached_window_ = end_window;
  }
  cached_send_window_ = send_window;
  auto& parts = cached_bucket_->parts;
  for (size_t i = parts.size(); i-- > 0;) {
    if (parts[i].send_window == send_window) {
      cached_part_ = i;
      return parts[i];
    }
  }
  parts.emplace_back().send_window = send_window;
  cached_part_ = parts.size() - 1;
  return parts.back();
}

void OutcomeLedger::ended(double sent_s, double end_s, Outcome outcome, ErrorReason reason) {
  if (end_s >= horizon_) return;
  Part& part = part_for(MetricTable::window_of(end_s), MetricTable::window_of(sent_s));
  ++cached_bucket_->ended;
  const double latency = end_s - sent_s;
  if (latency > slo_s_) ++part.slow;
  switch (outcome) {
    case Outcome::kOk:
      ++part.ok;
      part.ok_only.add(latency);
      return;
    case Outcome::kError:
      ++part.errors[static_cast<size_t>(reason)];
      break;
    case Outcome::kClientTimeout:
      ++part.timeouts;
      break;
  }
  part.not_ok.add(latency);
}

void OutcomeLedger::commit(size_t end_window, Bucket& bucket) {
  for (const Part& part : bucket.parts) {
    const auto t = static_cast<double>(part.send_window);
    table_.add(ok_, t, static_cast<double>(part.ok));
    table_.add(timeouts_, t, static_cast<double>(part.timeouts));
    table_.add(slow_, t, static_cast<double>(part.slow));
    uint64_t ended = part.ok + part.timeouts;
    for (size_t r = 1; r < errors_.size(); ++r) {
      table_.add(errors_[r], t, static_cast<double>(part.errors[r]));
      ended += part.errors[r];
    }
    table_.merge(latency_, part.send_window, part.ok_only);
    table_.merge(latency_, part.send_window, part.not_ok);
    table_.merge(latency_ok_, part.send_window, part.ok_only);
    ended_by_cohort_[part.send_window] += ended;
  }
  if (end_window >= ended_in_window_.size()) ended_in_window_.resize(end_window + 1, 0);
  ended_in_window_[end_window] += bucket.ended;
}

void OutcomeLedger::close_through(double t) {
  while (committed_ < table_.window_limit() && static_cast<double>(committed_ + 1) <= t) {
    if (const auto found = staged_.find(committed_); found != staged_.end()) {
      commit(committed_, found->second);
      if (cached_bucket_ == &found->second) cached_window_ = SIZE_MAX;
      staged_.erase(found);
    }
    ++committed_;
  }
}

void OutcomeLedger::finish(double covered_s) {
  close_through(covered_s);
  staged_.clear();
  cached_window_ = SIZE_MAX;
  // Sends are final only now: a request sent just before a window's end reaches its app instance
  // (and is counted) after the window closed.
  uint64_t sent_through = 0, ended_through = 0;
  for (size_t w = 0; w < committed_; ++w) {
    const uint64_t sent_now = w < sent_.size() ? sent_[w] : 0;
    const uint64_t ended = w < ended_by_cohort_.size() ? ended_by_cohort_[w] : 0;
    sent_through += sent_now;
    ended_through += w < ended_in_window_.size() ? ended_in_window_[w] : 0;
    table_.add(requests_, static_cast<double>(w), static_cast<double>(sent_now));
    table_.add(unfinished_, static_cast<double>(w), static_cast<double>(sent_now - ended));
    table_.put(in_flight_, w, static_cast<double>(sent_through - ended_through));
  }
}

}  // namespace cachestorm::models
