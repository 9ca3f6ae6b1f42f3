#include "models/app/app_tier.hpp"

#include <algorithm>
#include <string>

#include "models/client/client_fleet.hpp"

namespace cachestorm::models {
namespace {

const MetricFamily kRequests{"app_requests", "count", "requests that reached the instance", MetricKind::kCounter,
                             "app", "arrival time at the instance"};
const MetricFamily kClassRequests{"key_class_requests", "count", "requests for the class's keys that reached an app instance",
                                  MetricKind::kCounter, "key_class", "arrival time at the instance"};
const MetricFamily kGiveUps{"app_cache_give_ups", "count",
                            "GETs without a reply within app.cache_timeout_s (shard down or queued too long)",
                            MetricKind::kCounter, "app", "give-up time"};
const MetricFamily kSetErrors{"app_cache_set_errors", "count",
                              "cache fills the shard refused with OOM (the value was served, not cached)",
                              MetricKind::kCounter, "app", "time the error reached the instance"};

}  // namespace

AppTier::AppTier(const Scenario& scenario, const PlaneParts& parts, uint16_t id)
    : parts_(parts), id_(id), cache_timeout_s_(scenario.app.cache_timeout_s) {
  for (uint32_t a = 0; a < scenario.topology.app_instances; ++a) {
    requests_.push_back(parts.metrics.series(kRequests, std::to_string(a)));
    give_ups_.push_back(parts.metrics.series(kGiveUps, std::to_string(a)));
    set_errors_.push_back(parts.metrics.series(kSetErrors, std::to_string(a)));
  }
  for (size_t c = 0; c < parts.keys.class_count(); ++c)
    class_request_columns_.push_back(
        parts.metrics.column(parts.metrics.series(kClassRequests, parts.keys.key_class(c).name)));
  for (SeriesId id : requests_) request_columns_.push_back(parts.metrics.column(id));
}

void AppTier::connect(ClientFleet* clients, CacheCluster* cache, OriginServer* origin) {
  clients_ = clients;
  cache_ = cache;
  origin_ = origin;
}

std::vector<bool> AppTier::ordered_replies() const {
  return std::vector<bool>(parts_.keys.class_count(), false);
}

void AppTier::on_request(uint32_t request, double now) {
  Request& r = parts_.requests[request];
  if (double* row = parts_.metrics.row(now)) {
    row[request_columns_[r.app]] += 1.0;
    row[class_request_columns_[parts_.keys.class_of(r.key)]] += 1.0;
  }
  if (cache_ == nullptr) {
    clients_->await(request);
    origin_->query(request, now);
    return;
  }
  r.cache_deadline_s = now + cache_timeout_s_;
  cache_->send_get(r.app, request, now);
}

void AppTier::on_cache_reply(uint32_t request, CacheReply reply, double now) {
  Request& r = parts_.requests[request];
  if (reply == CacheReply::kHit) {
    const double bytes = parts_.keys.value_bytes(r.key);
    clients_->finish(request, now + parts_.paths.client_app[r.client].transfer_s(bytes), Outcome::kOk);
    return;
  }
  r.fill_on_answer = true;
  clients_->await(request);
  origin_->query(request, now);
}

void AppTier::on_cache_silent(uint32_t request, double now) {
  clients_->await(request);
  parts_.calendar.push(std::max(parts_.requests[request].cache_deadline_s, now), id_, kCacheGiveUp, request);
}

void AppTier::on_set_refused(uint32_t app, double now) { parts_.metrics.add(set_errors_[app], now); }

void AppTier::give_up_on_cache(uint32_t request, double now) {
  parts_.metrics.add(give_ups_[parts_.requests[request].app], now);
  parts_.requests[request].fill_on_answer = false;
  origin_->query(request, now);
}

void AppTier::on_answer(uint32_t request, OriginAnswer answer, double now) {
  const Request& r = parts_.requests[request];
  const Path& to_client = parts_.paths.client_app[r.client];
  switch (answer) {
    case OriginAnswer::kOk:
      if (r.fill_on_answer) cache_->send_set(r.app, r.key, now);
      clients_->finish(request, now + to_client.transfer_s(parts_.keys.value_bytes(r.key)), Outcome::kOk);
      return;
    case OriginAnswer::kRejected:
      clients_->finish(request, now + to_client.latency_s, Outcome::kError, ErrorReason::kOriginRejected);
      return;
    case OriginAnswer::kQueueTimeout:
      clients_->finish(request, now + to_client.latency_s, Outcome::kError, ErrorReason::kOriginQueueTimeout);
      return;
  }
}

void AppTier::on_event(uint16_t kind, uint32_t ref, double now) {
  if (kind == kCacheGiveUp) {
    give_up_on_cache(ref, now);
    return;
  }
  on_answer(ref, static_cast<OriginAnswer>(kind - kFirstAnswerKind), now);
}

}  // namespace cachestorm::models
