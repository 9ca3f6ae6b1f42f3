// The summary's "failover" block: one entry per cache_down fault of a scenario with a cache
// ("faults.N"), saying what followed the crash of a shard's serving primary: when the failure was
// agreed, when a replica was promoted (or the old primary came back), when the last app instance
// sent to the new primary, how long the shard's slots had no serving primary and how long clients
// could not reach one, the writes lost, and the origin's busiest second meanwhile. A fault that
// crashed no serving primary (a replica, or a node that was down) has nulls.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/cache/failover/failover_record.hpp"
#include "models/metrics/metric_table.hpp"

namespace cachestorm::analysis {

// The faults the block reports ("faults.N"): every cache_down and minority_partition of a
// resolved scenario with the cache enabled; empty (no block) without one.
std::vector<std::string> failover_faults_of(const nlohmann::json& resolved);

// {"faults.N": {"shard", "old_primary", "new_primary", "crash_s", "detected_s", "promoted_s", "restored_s", "clients_refreshed_s",
// "unavailable_s", "client_unavailable_s", "unavailable_slot_seconds", "writes_lost",
// "origin_peak_queries_per_s"}}. Spans without an end (the shard is still without a primary, or
// some instance still sends to the old one) run to `until_s` (the end of the simulated time).
nlohmann::json failover_json(const models::MetricTable& table, const std::vector<std::string>& faults,
                             const std::vector<models::FailoverRecord>& records, double until_s);

// One line per incident for the console: "faults.0: shard 1 primary crashed at 90 s; FAIL at
// 105 s, replica promoted at 105.6 s, clients at 106 s: slots unavailable 15.6 s, to clients
// 16 s; 12 writes lost; origin peak 3200 queries/s".
std::vector<std::string> failover_lines(const nlohmann::json& block);

}  // namespace cachestorm::analysis
