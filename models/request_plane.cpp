#include "models/request_plane.hpp"

#include <algorithm>
#include <cmath>

namespace cachestorm::models {

namespace {

// Keys have hash slots when a cluster of several shards routes them.
bool needs_slots(const Scenario& scenario) { return scenario.cache.enabled && scenario.cache.nodes > 1; }

}  // namespace

void prepare_shared_tables(const Scenario& scenario) {
  prepare_key_tables(scenario.workload.key_classes, needs_slots(scenario));
}

void release_shared_tables(const Scenario& scenario) { release_key_tables(scenario.workload.key_classes); }

RequestPlane::RequestPlane(const Scenario& scenario, const NetworkPaths& paths, const sim::RngStreams& streams,
                           MetricTable& metrics, PlaneBounds bounds)
    : paths_(paths),
      metrics_(metrics),
      keys_(scenario.workload.key_classes, scenario.workload.arrivals.get(), streams, needs_slots(scenario)),
      staleness_(ledger_if_writes(scenario, keys_, metrics)),
      parts_{calendar_, requests_, metrics, events_, paths_, keys_, staleness_.get(), &lookahead_},
      clients_(scenario.client, scenario.topology.clients, scenario.topology.app_instances, parts_, streams, kClients),
      apps_(scenario.app, scenario.topology.app_instances, parts_, streams, kApps),
      origin_(scenario.origin, parts_, streams, kOrigin),
      bounds_(std::move(bounds)) {
  if (scenario.cache.enabled) {
    cache_.emplace(scenario.cache, parts_, scenario.topology.app_instances, streams, kCache);
    cache_->connect(&apps_, apps_.reply_needs());
    if (staleness_) {
      std::vector<bool> behind;
      for (const auto& key_class : scenario.workload.key_classes)
        behind.push_back(key_class.writes && key_class.writes->behind());
      cache_->track_versions(staleness_.get(), std::move(behind));
    }
    if (bounds_.serve_at_send) cache_->allow_serving_at_send();
    if (scenario.cache.warm_start) cache_->warm([this](uint32_t key) { return apps_.warm_ttl_s(key); });
    clients_.load_batches_with(&*cache_);
  }
  if (staleness_) clients_.load_batches_with(staleness_.get());
  clients_.connect(&apps_);
  apps_.connect(&clients_, cache_ ? &*cache_ : nullptr, &origin_);
  origin_.connect(kApps, AppTier::kFirstAnswerKind, staleness_ ? &apps_ : nullptr);
  components_[kClients] = &clients_;
  components_[kApps] = &apps_;
  components_[kOrigin] = &origin_;
  components_[kCache] = cache_ ? static_cast<Component*>(&*cache_) : nullptr;
  owners_[static_cast<size_t>(HostRole::kCache)] = cache_ ? &*cache_ : nullptr;
  owners_[static_cast<size_t>(HostRole::kOrigin)] = &origin_;
}

std::unique_ptr<StalenessLedger> RequestPlane::ledger_if_writes(const Scenario& scenario, const KeySpace& keys,
                                                                MetricTable& metrics) {
  for (const auto& key_class : scenario.workload.key_classes)
    if (key_class.writes) return std::make_unique<StalenessLedger>(keys, metrics);
  return nullptr;
}

void RequestPlane::advance(double until) {
  if (until < now_ || halt_ != Halt::kNone) return;
  lookahead_.before = until;
  for (;;) {
    if (--until_poll_ == 0) {
      check_bounds();
      if (halt_ != Halt::kNone) return;
    }
    const double next_arrival = clients_.next_arrival();
    const double next_command = cache_ ? cache_->next_arrival() : std::numeric_limits<double>::infinity();
    const double next_event = calendar_.next_time();
    if (next_event <= next_command && next_event <= next_arrival) {
      if (next_event >= until) break;
      const CalendarEvent event = calendar_.pop();
      ++calendar_events_;
      now_ = event.t;
      calendar_.advance_to(now_);
      components_[event.target]->on_event(event.kind, event.ref, event.t);
    } else if (next_command <= next_arrival) {
      if (next_command >= until) break;
      ++lane_events_;
      now_ = next_command;
      calendar_.advance_to(now_);
      cache_->serve_next();
    } else {
      if (next_arrival >= until) break;
      now_ = next_arrival;
      calendar_.advance_to(now_);
      clients_.send_next();
      if (requests_.capacity() > bounds_.max_in_flight) until_poll_ = 1;  // check before the next event
    }
  }
  now_ = until;
}

void RequestPlane::check_bounds() {
  until_poll_ = kPollEvents;
  if (requests_.in_use() > bounds_.max_in_flight) {
    halt_ = Halt::kInFlightLimit;
  } else if (bounds_.poll && bounds_.poll(now_, clients_.requests())) {
    halt_ = Halt::kStopped;
  }
}

void RequestPlane::apply(const FaultChange& change) {
  ChangeOwner* owner = owners_[static_cast<size_t>(change.target.role)];
  if (owner == nullptr) return;
  apps_.apply_breaker_results_before(now_);  // their transitions come first in the log
  const ChangeNote note = owner->apply(change, now_);
  events_.record(now_, note.subject, note.what);
}

void RequestPlane::close_windows_through(double t) {
  apps_.settle_before(t);
  if (staleness_) staleness_->settle_before(t);
  metrics_.close_through(t);
  clients_.ledger().close_through(t);
}

void RequestPlane::finish(double covered_s) {
  const double end = std::ceil(covered_s);  // the last window may be shorter than a second
  const double last = std::min(covered_s, now_);
  apps_.settle_before(last);
  apps_.finish(last > 0.0 ? std::nextafter(last, 0.0) : 0.0);
  if (staleness_) staleness_->finish(last > 0.0 ? std::nextafter(last, 0.0) : 0.0);
  close_windows_through(end);
  clients_.count_sends_before(std::min(covered_s, now_));
  clients_.ledger().finish(end);
}

}  // namespace cachestorm::models
