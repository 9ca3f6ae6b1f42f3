// What the components of one request path share: the calendar, the request pool, the key space,
// the network paths, the metric table, the event log and the staleness ledger. Built by RequestPlane; components keep a reference.
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

struct PlaneParts {
  Calendar& calendar;
  RequestPool& requests;
  MetricTable& metrics;
  EventLog& events;
  const NetworkPaths& paths;
  const KeySpace& keys;
  StalenessLedger* staleness = nullptr;  // null: no key class has writes (models/writes)
};

}  // namespace cachestorm::models
