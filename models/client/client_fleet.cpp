#include "models/client/client_fleet.hpp"

#include <algorithm>
#include <limits>
#include <string>


namespace cachestorm::models {
namespace {

const MetricFamily kLateAnswers{"late_answers", "count",
                                "answers with a value that reached a client after it gave up on the attempt (wasted work)",
                                MetricKind::kCounter, "", "arrival time of the answer"};

}  // namespace

ClientFleet::ClientFleet(const ClientConfig& config, uint32_t clients, uint32_t apps, const PlaneParts& parts,
                         const sim::RngStreams& streams, uint16_t id)
    : parts_(parts),
      id_(id),
      ledger_(parts.metrics, config.slo_latency_s),
      timeout_s_(config.timeout_s.value_or(std::numeric_limits<double>::infinity())),
      app_count_(apps),
      client_count_(clients) {
  for (uint32_t s = 0; s < parts.keys.stream_count(); ++s) {
    const ArrivalProcess& arrivals = parts.keys.stream_arrivals(s);
    const std::string& tag = parts.keys.stream_tag(s);
    for (uint32_t c = 0; c < client_count_; ++c) {
      const std::string name = tag + "/client/" + std::to_string(c);
      arrival_rngs_.push_back(streams.stream("workload/arrivals" + name));
      key_rngs_.push_back(streams.stream("workload/keys" + name));
      key_buffers_.emplace_back();
      const double own = arrivals.next_gap(arrival_rngs_.back(), client_count_);
      const double send = arrivals.send_time(own);
      const auto index = static_cast<uint32_t>(sources_.size());
      sources_.push_back({send + parts.paths.client_app[c].latency_s, send, index, s, c, c % app_count_, &arrivals});
      sources_.back().next_own_s = own;
    }
  }
  add_write_sources(streams);
  late_answers_ = parts.metrics.series(kLateAnswers);
  declare_retry_series();
  if (config.retries) set_up_retries(*config.retries, streams);
  next_.resize(sources_.size());
  for (const Source& source : sources_) next_.set(source.index, source.next_at_app_s);
}

void ClientFleet::add_write_sources(const sim::RngStreams& streams) {
  for (uint32_t k = 0; k < parts_.keys.class_count(); ++k) {
    const KeyClassConfig& key_class = parts_.keys.key_class(k);
    if (!key_class.writes) continue;
    const KeyPopularity* keys = key_class.writes->keys ? key_class.writes->keys.get() : key_class.keys.get();
    for (uint32_t c = 0; c < client_count_; ++c) {
      const std::string name = "/" + key_class.name + "/client/" + std::to_string(c);
      arrival_rngs_.push_back(streams.stream("workload/writes/arrivals" + name));
      key_rngs_.push_back(streams.stream("workload/writes/keys" + name));
      key_buffers_.emplace_back(kWriteKeyBatch);
      const ArrivalProcess* arrivals = key_class.writes->arrivals.get();
      const double own = arrivals->next_gap(arrival_rngs_.back(), client_count_);
      const double send = arrivals->send_time(own);
      const auto index = static_cast<uint32_t>(sources_.size());
      sources_.push_back({send + parts_.paths.client_app[c].latency_s, send, index, UINT32_MAX, c, c % app_count_,
                          arrivals, keys, parts_.keys.first_key(k), own});
    }
  }
}

uint32_t ClientFleet::next_key(const Source& source) {
  KeyBuffer& buffer = key_buffers_[source.index];
  if (buffer.next == buffer.size) draw_keys(source, buffer);
  return buffer.keys[buffer.next++];
}

void ClientFleet::draw_keys(const Source& source, KeyBuffer& buffer) {
  sim::Rng& rng = key_rngs_[source.index];
  if (source.write_keys != nullptr) {  // the same keys, in the same order, as drawn one at a time
    for (size_t i = 0; i < buffer.size; ++i) buffer.keys[i] = source.first_key + source.write_keys->sample(rng);
  } else {
    parts_.keys.draw(source.stream, rng, buffer.keys.data(), buffer.size);
  }
  parts_.keys.warm(buffer.keys.data(), buffer.size);
  const KeyUse use = source.write_keys != nullptr ? KeyUse::kWrites : KeyUse::kReads;
  for (const BatchLoader* loader : loaders_) loader->load(buffer.keys.data(), buffer.size, use);
  buffer.next = 0;
}

void ClientFleet::send_next() {
  Source& top = sources_[next_.top()];
  const double at_app = top.next_at_app_s;
  const double sent = top.next_send_s;
  const uint32_t client = top.client;
  const uint32_t key = next_key(top);
  top.next_own_s += top.arrivals->next_gap(arrival_rngs_[top.index], client_count_);
  const double next_send = top.arrivals->send_time(top.next_own_s);
  top.next_send_s = next_send;
  top.next_at_app_s = next_send + parts_.paths.client_app[client].latency_s;
  next_.set(top.index, top.next_at_app_s);

  const uint32_t index = parts_.requests.allocate();
  Request& request = parts_.requests[index];
  if (top.write_keys != nullptr) {
    request = {sent, std::numeric_limits<double>::infinity(), at_app, key, client, top.app, 1, false, false};
    request.is_write = true;
    ++writes_sent_;
    apps_->on_write(index, at_app);
    return;
  }
  request = {sent, sent + timeout_s_, at_app, key, client, top.app, 1, false, false};
  ++sent_;
  ledger_.sent(sent);
  if (!budgets_.empty()) budgets_[client]->on_request(sent);
  // No other source sends at this instant (the plane took it before any other event there):
  // its GET may be served at its send. Not with retries: a budget hears outcomes in order.
  parts_.lookahead->alone = retry_ == nullptr && next_.top_time() > at_app;
  apps_->on_request(index, at_app);
  parts_.lookahead->alone = false;
}

void ClientFleet::count_sends_before(double covered_s) {
  for (Source& source : sources_) {
    if (source.write_keys != nullptr) continue;  // writes are no client requests
    double own = source.next_own_s;
    for (double send = source.next_send_s; send < covered_s; send = source.arrivals->send_time(own)) {
      ledger_.sent(send);
      ++sent_;
      own += source.arrivals->next_gap(arrival_rngs_[source.index], client_count_);
    }
  }
}

void ClientFleet::await(uint32_t request, double now) {
  Request& r = parts_.requests[request];
  if (r.deadline_s == std::numeric_limits<double>::infinity() || r.ended) return;
  if (r.deadline_s <= now) {
    r.ended = true;
    attempt_failed(r, r.deadline_s, Outcome::kClientTimeout, ErrorReason::kNone);
    return;
  }
  ++r.holds;
  if (!timers_.empty() && r.deadline_s < timers_.back().deadline_s) {
    parts_.calendar.push(r.deadline_s, id_, kTimeoutAlone, request);
    return;
  }
  timers_.push_back({r.deadline_s, request});
  if (timers_.size() == 1) parts_.calendar.push(r.deadline_s, id_, kTimeoutHead, request);
}

void ClientFleet::finish(uint32_t request, double end_s, Outcome outcome, ErrorReason reason) {
  Request& r = parts_.requests[request];
  if (!takes(r, end_s)) {
    if (!r.ended) attempt_failed(r, r.deadline_s, Outcome::kClientTimeout, ErrorReason::kNone);
    if (outcome == Outcome::kOk) parts_.metrics.add(late_answers_, end_s);
  } else if (outcome == Outcome::kOk) {
    ledger_.ended(r.sent_s, end_s, outcome, reason);
    if (!budgets_.empty()) budgets_[r.client]->on_success(end_s);
  } else {
    attempt_failed(r, end_s, outcome, reason);
  }
  r.ended = true;
  parts_.requests.release(request);
}

void ClientFleet::on_event(uint16_t kind, uint32_t ref, double now) {
  if (kind == kRetryDecide) return decide(ref, now);
  if (kind == kRetrySend) return send_retry(ref, now);
  time_out(ref, now);
  if (kind != kTimeoutHead) return;
  timers_.pop_front();
  // The timers behind it whose requests have ended (nearly all: a timeout is long) need no event
  // of their own: their holds go now, so the calendar gets one event per still-pending head.
  while (!timers_.empty() && parts_.requests[timers_.front().request].ended) {
    parts_.requests.release(timers_.front().request);
    timers_.pop_front();
  }
  if (!timers_.empty()) parts_.calendar.push(timers_.front().deadline_s, id_, kTimeoutHead, timers_.front().request);
}

void ClientFleet::time_out(uint32_t ref, double now) {
  Request& r = parts_.requests[ref];
  if (!r.ended) {
    r.ended = true;
    attempt_failed(r, now, Outcome::kClientTimeout, ErrorReason::kNone);
  }
  parts_.requests.release(ref);
}

void ClientFleet::attempt_failed(const Request& r, double at_s, Outcome outcome, ErrorReason reason) {
  if (retry_ == nullptr) {
    ledger_.ended(r.sent_s, at_s, outcome, reason);
    return;
  }
  parts_.calendar.push(std::max(at_s, parts_.calendar.now()), id_, kRetryDecide, hold_retry(r, at_s, outcome, reason));
}

}  // namespace cachestorm::models
