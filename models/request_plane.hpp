// The request path of a cache-aside system, as plain C++ with its own calendar.
//
// Requests reach the cache tier as the scenario's arrival process (one stream per client; with the
// cache disabled they reach the application tier instead); each client's send time is derived by
// subtracting the path latency, so every state the request touches is read at the instant it is
// touched. Hit: answered from the cache. Miss (or a dead cache node, after app.cache_timeout_s):
// the app queries the origin and, when the answer comes back, writes it to the cache with the TTL
// (not after a cache error). Responses slower than client.timeout_s count as client timeouts.
//
// Time moves only through advance(until), which the engine calls at sampling times and before any
// change of platform state (a fault), so results do not depend on how often it is called.
// Not thread-safe; publishes to the observer and never prints.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <vector>

#include "models/cache_tier.hpp"
#include "models/host_id.hpp"
#include "models/calendar.hpp"
#include "models/network_paths.hpp"
#include "models/observer.hpp"
#include "models/origin_db.hpp"
#include "models/scenario.hpp"
#include "sim/rng.hpp"

namespace cachestorm::models {

// How a run can be cut short inside advance(), wherever the simulation is.
struct PlaneBounds {
  // Requests in flight at the origin side (sent to the origin, not yet answered) that the run may
  // hold; one more halts it (kInFlightLimit). From models/memory_estimate.hpp.
  uint32_t max_in_flight = std::numeric_limits<uint32_t>::max() - 1;
  // Polled every kPollEvents events with (now, requests so far); true halts the run (kStopped).
  std::function<bool(double now, uint64_t requests)> poll;
};

enum class Halt { kNone, kStopped, kInFlightLimit };

class RequestPlane {
 public:
  // REQUIRES: paths sized for the scenario's clients, app instances and cache nodes; scenario and
  // observer outlive the plane.
  RequestPlane(const Scenario& scenario, const NetworkPaths& paths, const sim::RngStreams& streams,
               RequestObserver& observer, PlaneBounds bounds = {});

  // Processes every event with time < until, in time order; ties run scheduled events before
  // arrivals, and scheduled events in scheduling order. If the run halts (see PlaneBounds) it
  // returns early with now() at the last event processed, and every later call does nothing.
  void advance(double until);
  Halt halted() const { return halt_; }
  // A platform host changes state at now() (faults reach the models only through here). Call
  // advance(change time) first. Hosts the request path has no state for are ignored.
  void apply_host_state(HostId host, bool up);

  double now() const { return now_; }
  uint64_t requests() const { return requests_; }
  // Events processed: arrivals plus calendar events (the benchmark reports events per request).
  uint64_t events() const { return requests_ + calendar_events_; }
  const OriginDb& origin() const { return origin_; }
  const CacheTier& cache() const { return cache_; }

 private:
  enum EventKind : uint32_t { kOriginArrive, kOriginDone, kCacheFill, kQueueDeadline };
  struct Source {
    double next_s;
    uint32_t client;
  };
  // Keys are drawn ahead in batches per client (the same sequence as one at a time), so their
  // cache entries can be prefetched a few requests before they are looked up.
  static constexpr size_t kKeyBatch = 64;
  static constexpr size_t kPrefetchAhead = 16;
  struct KeyBuffer {
    std::array<uint32_t, kKeyBatch> keys;
    size_t next = kKeyBatch;
  };
  struct Query {
    double sent_s;
    uint32_t key;
    uint32_t client;
    bool write_back;
  };

  void serve_arrival();
  uint32_t next_key(uint32_t client);
  void prefetch_key(uint32_t key) const;
  void serve_lookup(double t, uint32_t client, uint32_t key);
  void send_to_origin(double t_app, uint32_t client, uint32_t key, double sent_s, bool write_back);
  void dispatch(const CalendarEvent& event);
  void on_origin_arrive(uint32_t slot);
  void on_origin_done(uint32_t slot);
  void on_queue_deadline();
  void schedule_deadline();
  void report_expired();
  void complete_query(uint32_t slot);
  void fail_query(uint32_t slot, double t_at_origin);
  void respond(double sent_s, double done_s, Outcome outcome);
  static bool earlier(const Source& a, const Source& b);  // source order: time, then client index
  void sift_down_sources();
  uint32_t app_of(uint32_t client) const { return client % app_count_; }
  void check_bounds();
  static constexpr uint32_t kPollEvents = 1u << 16;

  const Scenario& scenario_;
  NetworkPaths paths_;
  RequestObserver& observer_;
  CacheTier cache_;
  OriginDb origin_;
  Calendar calendar_;
  std::vector<Source> sources_;  // min-heap on (next_s, client)
  std::vector<sim::Rng> arrival_rngs_;
  std::vector<sim::Rng> key_rngs_;
  std::vector<KeyBuffer> key_buffers_;
  std::vector<uint32_t> value_bytes_;  // per key, drawn once
  std::vector<Query> queries_;
  std::vector<uint32_t> free_slots_;
  std::vector<OriginDb::Expired> expired_;
  uint32_t app_count_;
  double client_timeout_s_;
  bool deadline_pending_ = false;
  double now_ = 0.0;
  uint64_t requests_ = 0;
  uint64_t calendar_events_ = 0;
  PlaneBounds bounds_;
  uint32_t until_poll_ = kPollEvents;  // events left before the next check_bounds()
  Halt halt_ = Halt::kNone;
};

}  // namespace cachestorm::models
