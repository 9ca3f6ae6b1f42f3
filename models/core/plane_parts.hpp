// What the components of one request path share: the calendar, the request pool, the key space,
// the network paths, the metric table, the event log, the staleness ledger and the lookahead. Built by RequestPlane; components keep a reference.
#pragma once
#include "models/core/calendar.hpp"
#include "models/core/fifo_lane.hpp"
#include "models/core/request_pool.hpp"
#include "models/metrics/event_log.hpp"
#include "models/metrics/metric_table.hpp"
#include "models/network_paths.hpp"
#include "models/workload/key_space.hpp"

namespace cachestorm::models {

class StalenessLedger;

// What a component may assume about the instant being handled, so the cache can serve a GET at
// its send instead of at its arrival (models/cache/cache_cluster_at_send.cpp): the plane sets
// `before` to the time it advances to (no fault and no sampling happens earlier), and a client
// sets `alone` while it hands over a request that is the only thing happening at its instant
// (no other source sends then); false everywhere else.
struct Lookahead {
  double before = 0.0;
  bool alone = false;
};

struct PlaneParts {
  Calendar& calendar;
  RequestPool& requests;
  MetricTable& metrics;
  EventLog& events;
  const NetworkPaths& paths;
  const KeySpace& keys;
  StalenessLedger* staleness = nullptr;  // null: no key class has writes (models/writes)
  Lookahead* lookahead = nullptr;        // null: GETs are always served at their arrival
};

}  // namespace cachestorm::models
