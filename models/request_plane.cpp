// Arrivals, cache lookups and responses of the request path; origin-side events are in
// request_plane_origin.cpp.
#include <cmath>
#include <limits>
#include <string>

#include "models/request_plane.hpp"

namespace cachestorm::models {
namespace {

std::vector<uint32_t> draw_value_sizes(const Distribution& sizes, uint32_t key_count, sim::Rng rng) {
  std::vector<uint32_t> bytes(key_count);
  for (auto& b : bytes) b = static_cast<uint32_t>(std::llround(std::min(sizes.sample(rng), 4.0e9)));
  return bytes;
}

}  // namespace

RequestPlane::RequestPlane(const Scenario& scenario, const NetworkPaths& paths, const sim::RngStreams& streams,
                           RequestObserver& observer, PlaneBounds bounds)
    : scenario_(scenario),
      paths_(paths),
      observer_(observer),
      cache_(scenario.cache, scenario.workload.keys->key_count()),
      origin_(scenario.origin, streams.stream("origin/service")),
      value_bytes_(draw_value_sizes(*scenario.workload.value_size_bytes, scenario.workload.keys->key_count(),
                                    streams.stream("workload/value_size"))),
      app_count_(scenario.topology.app_instances),
      client_timeout_s_(scenario.client.timeout_s.value_or(std::numeric_limits<double>::infinity())),
      bounds_(std::move(bounds)) {
  scenario.workload.keys->prepare();
  const uint32_t clients = scenario.topology.clients;
  for (uint32_t c = 0; c < clients; ++c) {
    const std::string id = "/client/" + std::to_string(c);
    arrival_rngs_.push_back(streams.stream("workload/arrivals" + id));
    key_rngs_.push_back(streams.stream("workload/keys" + id));
    key_buffers_.emplace_back();
    sources_.push_back({scenario.workload.arrivals->next_gap(arrival_rngs_.back(), clients), c});
  }
  std::make_heap(sources_.begin(), sources_.end(), [](const Source& a, const Source& b) { return earlier(b, a); });
}

bool RequestPlane::earlier(const Source& a, const Source& b) {
  return a.next_s < b.next_s || (a.next_s == b.next_s && a.client < b.client);
}

void RequestPlane::advance(double until) {
  if (until < now_ || halt_ != Halt::kNone) return;
  for (;;) {
    if (--until_poll_ == 0) {
      check_bounds();
      if (halt_ != Halt::kNone) return;
    }
    const double next_arrival = sources_.front().next_s;
    if (!calendar_.empty() && calendar_.top().t <= next_arrival) {
      if (calendar_.top().t >= until) break;
      const CalendarEvent event = calendar_.pop();
      ++calendar_events_;
      now_ = event.t;
      dispatch(event);
    } else {
      if (next_arrival >= until) break;
      now_ = next_arrival;
      serve_arrival();
    }
  }
  now_ = until;
}

void RequestPlane::check_bounds() {
  until_poll_ = kPollEvents;
  if (queries_.size() - free_slots_.size() > bounds_.max_in_flight) {
    halt_ = Halt::kInFlightLimit;
  } else if (bounds_.poll && bounds_.poll(now_, requests_)) {
    halt_ = Halt::kStopped;
  }
}

void RequestPlane::sift_down_sources() {
  const size_t n = sources_.size();
  size_t i = 0;
  for (;;) {
    size_t best = i;
    const size_t left = 2 * i + 1, right = left + 1;
    if (left < n && earlier(sources_[left], sources_[best])) best = left;
    if (right < n && earlier(sources_[right], sources_[best])) best = right;
    if (best == i) return;
    std::swap(sources_[i], sources_[best]);
    i = best;
  }
}

void RequestPlane::serve_arrival() {
  Source& top = sources_.front();
  const double t = top.next_s;
  const uint32_t client = top.client;
  const uint32_t key = next_key(client);
  top.next_s = t + scenario_.workload.arrivals->next_gap(arrival_rngs_[client], static_cast<unsigned>(sources_.size()));
  if (sources_.size() > 1) sift_down_sources();
  ++requests_;
  if (scenario_.cache.enabled) {
    serve_lookup(t, client, key);
    return;
  }
  const double sent = t - paths_.client_app[client].latency_s;
  observer_.on_lookup(sent, LookupKind::kMiss);
  send_to_origin(t, client, key, sent, false);
}

uint32_t RequestPlane::next_key(uint32_t client) {
  KeyBuffer& buffer = key_buffers_[client];
  if (buffer.next == kKeyBatch) {
    scenario_.workload.keys->sample_batch(key_rngs_[client], buffer.keys.data(), kKeyBatch);
    for (size_t i = 0; i < kPrefetchAhead; ++i) prefetch_key(buffer.keys[i]);
    buffer.next = 0;
  }
  if (buffer.next + kPrefetchAhead < kKeyBatch) prefetch_key(buffer.keys[buffer.next + kPrefetchAhead]);
  return buffer.keys[buffer.next++];
}

void RequestPlane::prefetch_key(uint32_t key) const {
  cache_.prefetch(key);
  __builtin_prefetch(&value_bytes_[key]);
}

void RequestPlane::serve_lookup(double t, uint32_t client, uint32_t key) {
  const Path& app_node = paths_.app_cache[app_of(client)][cache_.node_of(key)];
  const Path& to_client = paths_.client_app[client];
  const double t_app = t - app_node.latency_s;
  const double sent = t_app - to_client.latency_s;
  switch (cache_.lookup(key, t)) {
    case CacheTier::Lookup::kHit: {
      observer_.on_lookup(sent, LookupKind::kHit);
      const double bytes = value_bytes_[key];
      respond(sent, t + scenario_.cache.service_s + app_node.transfer_s(bytes) + to_client.transfer_s(bytes),
              Outcome::kOk);
      return;
    }
    case CacheTier::Lookup::kExpired:
      observer_.on_cache(t, CacheEvent::kExpired);
      [[fallthrough]];
    case CacheTier::Lookup::kMiss:
      observer_.on_lookup(sent, LookupKind::kMiss);
      send_to_origin(t + scenario_.cache.service_s + app_node.latency_s, client, key, sent, true);
      return;
    case CacheTier::Lookup::kNodeDown:
      observer_.on_lookup(sent, LookupKind::kCacheError);
      send_to_origin(t_app + scenario_.app.cache_timeout_s, client, key, sent, false);
      return;
  }
}

void RequestPlane::respond(double sent_s, double done_s, Outcome outcome) {
  if (done_s - sent_s > client_timeout_s_) {
    observer_.on_response(sent_s, sent_s + client_timeout_s_, Outcome::kClientTimeout);
  } else {
    observer_.on_response(sent_s, done_s, outcome);
  }
}

void RequestPlane::apply_host_state(HostId host, bool up) {
  if (host.role == HostRole::kCache) cache_.set_node_up(host.index, up);
}

}  // namespace cachestorm::models
