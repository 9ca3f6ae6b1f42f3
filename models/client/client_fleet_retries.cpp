// ClientFleet's retries (client.retries; models/client/client_fleet.hpp). A failed attempt is
// decided at the instant its client sees the failure, in this order:
//   1. the failure is filed (attempt_failures, by reason) and told to the client's budget;
//   2. it ends the request if its kind is not retried (retry_on) or max_attempts are used up;
//   3. the backoff is drawn (from the stream "client/retries/backoff/client/<c>"), and the request
//      ends if the retry would be sent at or after its total deadline;
//   4. the budget is asked; a refusal ends the request (retry_budget_refusals).
// Otherwise the retry is sent after its backoff: a new attempt of the same key from the same
// client, whose own timeout runs from its send, cut at the total deadline. A request that ends
// keeps its last attempt's outcome, at the instant of that attempt's failure. A failure seen after
// its instant (a deadline already past when the app awaits) is decided at once, from the clock.
#include <algorithm>
#include <iterator>
#include <limits>
#include <string>

#include "models/client/client_fleet.hpp"

namespace cachestorm::models {
namespace {

const MetricFamily kRetries{"retries", "count", "attempts after a request's first (client.retries)",
                            MetricKind::kCounter, "", "send time of the retry"};
const MetricFamily kRefusals{"retry_budget_refusals", "count", "retries the client's retry budget refused",
                             MetricKind::kCounter, "", "time of the failed attempt"};
const MetricFamily kFailures{"attempt_failures", "count",
                             "attempts that timed out or were answered with an error, by reason (counted with client.retries)",
                             MetricKind::kCounter, "reason", "time of the failed attempt"};
constexpr const char* kFailureNames[] = {"client_timeout",        "origin_rejected",   "origin_queue_timeout",
                                         "cache_breaker_open",    "lock_wait_timeout", "origin_error",
                                         "origin_timeout",        "origin_limited",    "origin_shed"};
static_assert(std::size(kFailureNames) == static_cast<size_t>(ErrorReason::kReasonCount));

}  // namespace

void ClientFleet::set_up_retries(const RetryConfig& config, const sim::RngStreams& streams) {
  retry_ = &config;
  total_deadline_s_ = config.deadline_s.value_or(std::numeric_limits<double>::infinity());
  for (uint32_t c = 0; c < client_count_; ++c) {
    backoff_rngs_.push_back(streams.stream("client/retries/backoff/client/" + std::to_string(c)));
    if (config.budget) budgets_.push_back(config.budget->fresh());
  }
}

void ClientFleet::declare_retry_series() {
  retries_sent_ = parts_.metrics.series(kRetries);
  budget_refusals_ = parts_.metrics.series(kRefusals);
  for (size_t r = 0; r < failures_.size(); ++r) failures_[r] = parts_.metrics.series(kFailures, kFailureNames[r]);
}

uint32_t ClientFleet::hold_retry(const Request& r, double failed_s, Outcome outcome, ErrorReason reason) {
  uint32_t index = 0;
  if (free_retries_.empty()) {
    index = static_cast<uint32_t>(retries_.size());
    retries_.emplace_back();
  } else {
    index = free_retries_.back();
    free_retries_.pop_back();
  }
  retries_[index] = {r.sent_s, failed_s, 0.0, r.key, r.client, r.app, r.attempt, outcome, reason};
  return index;
}

void ClientFleet::decide(uint32_t index, double now) {
  Retry& retry = retries_[index];
  const bool timed_out = retry.outcome == Outcome::kClientTimeout;
  parts_.metrics.add(failures_[timed_out ? 0 : static_cast<size_t>(retry.reason)], now);
  RetryBudget* budget = budgets_.empty() ? nullptr : budgets_[retry.client].get();
  if (budget != nullptr) budget->on_failure(now, timed_out);
  bool again = (retry_->retry_on & (timed_out ? kRetryTimeouts : kRetryErrors)) != 0 &&
               retry.attempt < retry_->max_attempts;
  if (again) {
    retry.send_s = now + retry_->backoff->delay_s(retry.attempt, backoff_rngs_[retry.client]);
    again = retry.send_s < retry.first_sent_s + total_deadline_s_;
  }
  if (again && budget != nullptr && !budget->withdraw(now, timed_out)) {
    parts_.metrics.add(budget_refusals_, now);
    again = false;
  }
  if (!again) {
    ledger_.ended(retry.first_sent_s, retry.failed_s, retry.outcome, retry.reason);
    free_retries_.push_back(index);
    return;
  }
  ++retry.attempt;
  parts_.metrics.add(retries_sent_, retry.send_s);
  parts_.calendar.push(retry.send_s + parts_.paths.client_app[retry.client].latency_s, id_, kRetrySend, index);
}

void ClientFleet::send_retry(uint32_t index, double now) {
  const Retry& retry = retries_[index];
  const uint32_t request = parts_.requests.allocate();
  Request& r = parts_.requests[request];
  const double deadline = std::min(retry.send_s + timeout_s_, retry.first_sent_s + total_deadline_s_);
  r = {retry.first_sent_s, deadline, now, retry.key, retry.client, retry.app, 1, false, false};
  r.attempt = retry.attempt;
  free_retries_.push_back(index);
  apps_->on_request(request, now);
}

}  // namespace cachestorm::models
