// The summary's writes and staleness blocks (models/writes/staleness_ledger.hpp's metrics), for
// one key class or summed over several: what was written, and how often and how old the data
// served and held was. Classes without writes get null blocks (not zeros: nothing was measured).
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/table_totals.hpp"

namespace cachestorm::analysis {

// {"arrived", "source_updates", "failed", "lost", "invalidations_lost"} summed over the classes;
// null when the list is empty.
nlohmann::json writes_block(const TableTotals& t, const std::vector<std::string>& classes);
// Stale reads (count, ratio to values served, age p50/p99/max), stale populates and
// inconsistency windows (closed, open at the end, length mean/p50/p99, longest, key-seconds),
// over the classes; null when the list is empty.
nlohmann::json staleness_block(const TableTotals& t, const std::vector<std::string>& classes);

}  // namespace cachestorm::analysis
