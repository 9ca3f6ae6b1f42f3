// events.jsonl: the state changes of a run's components (models/metrics/event_log.hpp), one JSON
// object per line in time order: {"replication": 0, "t_s": 12, "component": "cache.shards.1",
// "state": "down"}. Changes at one instant keep the order the model made them in. If the log
// hit its bound, a last line says how many changes were left out:
// {"replication": 0, "component": "event_log", "state": "full", "dropped": N}.
// Builds text only (shortest round-trip numbers, so one seed gives identical bytes).
#pragma once
#include <cstdint>
#include <string>

#include "models/metrics/event_log.hpp"

namespace cachestorm::analysis {

std::string events_jsonl(const models::EventLog& log, uint64_t replication);

}  // namespace cachestorm::analysis
