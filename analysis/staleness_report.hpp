// The summary's writes and staleness blocks (models/writes/staleness_ledger.hpp's metrics), for
// one key class or summed over several: what was written, and how often and how old the data
// served and held was. Classes without writes get null blocks (not zeros: nothing was measured).
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/table_totals.hpp"

namespace cachestorm::analysis {

// {"arrived", "source_updates", "failed", "lost", "invalidations_lost", "unfinished"} summed over
// the classes; null when the list is empty.
nlohmann::json writes_block(const TableTotals& t, const std::vector<std::string>& classes);
// Stale reads (count, ratio to values served, age p50/p99/max), stale populates and
// inconsistency windows (closed, open at the end, length mean/p50/p99, longest, key-seconds),
// over the classes; null when the list is empty.
nlohmann::json staleness_block(const TableTotals& t, const std::vector<std::string>& classes);

// A key class's staleness budget (scenarios/README.md: staleness_budget).
struct ClassBudget {
  std::string key_class;
  double age_s = 0.0;
  double max_fraction = 0.0;
};
// The budget's verdict: {"age_s", "max_fraction", "reads_older" (values served older than age_s),
// "fraction_older" (of the values served; 0 when none were), "met" (fraction_older <=
// max_fraction)}.
nlohmann::json budget_block(const TableTotals& t, const ClassBudget& budget);
// The budgets of a resolved scenario's key classes, in class order.
std::vector<ClassBudget> staleness_budgets_of(const nlohmann::json& resolved);

}  // namespace cachestorm::analysis
