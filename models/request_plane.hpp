// The request path: clients, application instances, the sharded cache and the origin as
// components on one calendar (models/core), wired together here and nowhere else.
//
// A request is created by its client and visits each component at the instant it arrives there
// (models/client/client_fleet.hpp says how the first hop is taken). Every calendar event names
// its component, which alone knows its event kinds. Faults reach components through apply(),
// after the plane has advanced to the change's time: each change goes to the component that owns
// its target's role (models/faults/fault_change.hpp), which alone knows what it means.
//
// Time moves only through advance(until), which the engine calls at sampling times and before any
// change of platform state (a fault), so results do not depend on how often it is called.
// Not thread-safe; records into the MetricTable and never prints.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>

#include "models/app/app_tier.hpp"
#include "models/cache/cache_cluster.hpp"
#include "models/client/client_fleet.hpp"
#include "models/core/plane_parts.hpp"
#include "models/host_id.hpp"
#include "models/origin/origin_server.hpp"
#include "models/scenario.hpp"
#include "models/writes/staleness_ledger.hpp"
#include "sim/rng.hpp"

namespace cachestorm::models {

// How a run can be cut short inside advance(), wherever the simulation is, and whether GETs may
// be served at their send.
struct PlaneBounds {
  // Requests in flight (sent, not yet done with) the run may hold; one more halts it
  // (kInFlightLimit). From models/memory_estimate.hpp.
  uint32_t max_in_flight = std::numeric_limits<uint32_t>::max() - 1;
  // Polled every kPollEvents events with (now, requests so far); true halts the run (kStopped).
  std::function<bool(double now, uint64_t requests)> poll;
  // false: every GET is a message to its shard, never served at its send (the results are the
  // same; models/cache/cache_cluster_at_send.cpp).
  bool serve_at_send = true;
};

enum class Halt { kNone, kStopped, kInFlightLimit };

// Builds in this process what every replication of the scenario builds alike (its key tables:
// popularity and, with several shards, hash slots), so that replications forked after it share
// them; release frees this process's copy. Replications give the same results either way.
void prepare_shared_tables(const Scenario& scenario);
void release_shared_tables(const Scenario& scenario);

class RequestPlane {
 public:
  // REQUIRES: paths sized for the scenario's clients, app instances and shards; scenario and
  // metrics outlive the plane.
  RequestPlane(const Scenario& scenario, const NetworkPaths& paths, const sim::RngStreams& streams,
               MetricTable& metrics, PlaneBounds bounds = {});
  RequestPlane(const RequestPlane&) = delete;
  RequestPlane& operator=(const RequestPlane&) = delete;

  // Processes every event with time < until, in time order; ties run calendar events first (in
  // scheduling order), then commands reaching shards and replies reaching instances, then requests
  // reaching app instances. A shard may serve a GET that arrives before until at its send already, when
  // nothing can reach the shard first (models/cache/cache_cluster_at_send.cpp): the same result,
  // learnt earlier. If the run halts (see PlaneBounds) it returns early with now() at the last
  // event processed, and every later call does nothing.
  void advance(double until);
  Halt halted() const { return halt_; }
  // A fault's state change at now(), delivered to the owner of its target's role and logged.
  // Call advance(change time) first. Targets no component owns are ignored.
  void apply(const FaultChange& change);
  // Closes the metric windows ending at or before t. REQUIRES: advanced to t.
  void close_windows_through(double t);
  // The run covers [0, covered_s): settles outcomes (unfinished ones included).
  void finish(double covered_s);

  double now() const { return now_; }
  uint64_t requests() const { return clients_.requests(); }
  // Events processed: arrivals at app instances, commands reaching shards and ordered replies
  // reaching instances, calendar events.
  // Commands a shard served ahead of the clock (models/cache/cache_cluster_at_send.cpp) count too.
  uint64_t events() const {
    return clients_.requests() + clients_.writes() + lane_events_ + calendar_events_ + served_ahead();
  }
  uint64_t in_flight() const { return requests_.in_use(); }
  // Commands served ahead of the clock (counted in events()).
  uint64_t served_ahead() const { return cache_ ? cache_->served_ahead() : 0; }
  uint64_t resident_keys(double t) const { return cache_ ? cache_->resident_keys(t) : 0; }
  const OriginServer& origin() const { return origin_; }
  // Components' state changes so far (shards down and up, breakers opening and closing).
  const EventLog& state_changes() const { return events_; }
  const KeySpace& keys() const { return keys_; }
  // The cache tier's records of primary crashes (empty without a cache).
  std::vector<FailoverRecord> failovers() const { return cache_ ? cache_->failovers() : std::vector<FailoverRecord>{}; }

 private:
  void check_bounds();
  static constexpr uint32_t kPollEvents = 1u << 16;
  enum ComponentId : uint16_t { kClients, kApps, kOrigin, kCache, kComponents };  // those with calendar events
  static std::unique_ptr<StalenessLedger> ledger_if_writes(const Scenario& scenario, const KeySpace& keys,
                                                           MetricTable& metrics);

  NetworkPaths paths_;
  MetricTable& metrics_;
  EventLog events_;
  KeySpace keys_;
  Calendar calendar_;
  Lookahead lookahead_;
  RequestPool requests_;
  std::unique_ptr<StalenessLedger> staleness_;  // null: no class has writes
  PlaneParts parts_;
  ClientFleet clients_;
  AppTier apps_;
  std::optional<CacheCluster> cache_;
  OriginServer origin_;
  Component* components_[kComponents];
  std::array<ChangeOwner*, kHostRoles> owners_{};  // [role]: who applies state changes to its hosts
  double now_ = 0.0;
  uint64_t calendar_events_ = 0;
  uint64_t lane_events_ = 0;
  PlaneBounds bounds_;
  uint32_t until_poll_ = kPollEvents;  // events left before the next check_bounds()
  Halt halt_ = Halt::kNone;
};

}  // namespace cachestorm::models
