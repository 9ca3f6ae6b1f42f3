#include "analysis/failover_report.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "analysis/table_totals.hpp"

namespace cachestorm::analysis {
namespace {

// An instant within the run, or null (none, or past the end of the simulated time).
nlohmann::json within(const std::optional<double>& value, double until_s) {
  return value && *value < until_s ? nlohmann::json(*value) : nlohmann::json();
}

nlohmann::json empty_entry() {
  nlohmann::json entry;
  for (const char* key : {"shard", "old_primary", "new_primary", "crash_s", "detected_s", "promoted_s", "restored_s", "clients_refreshed_s", "unavailable_s",
                          "client_unavailable_s", "unavailable_slot_seconds", "writes_lost", "origin_peak_queries_per_s"})
    entry[key] = nullptr;
  return entry;
}

// The origin's busiest second among the windows overlapping [from_s, to_s].
double origin_peak(const models::MetricTable& table, double from_s, double to_s) {
  const size_t closed = TableTotals(table, 0.0).end_window();
  const auto first = std::min(static_cast<size_t>(std::floor(from_s)), closed);
  const auto end = std::min(static_cast<size_t>(std::floor(to_s)) + 1, closed);
  return TableTotals(table, first, std::max(first, end)).peak("origin_queries_arrived");
}

nlohmann::json entry_of(const models::MetricTable& table, const models::FailoverRecord& r, double until_s) {
  nlohmann::json entry = empty_entry();
  entry["shard"] = std::to_string(r.shard);  // a label, as in cache.shards (not a quantity)
  entry["old_primary"] = r.old_primary;
  if (!r.new_primary.empty() && r.promoted_s && *r.promoted_s < until_s) entry["new_primary"] = r.new_primary;
  entry["crash_s"] = r.crash_s;
  entry["detected_s"] = within(r.detected_s, until_s);
  entry["promoted_s"] = within(r.promoted_s, until_s);
  entry["restored_s"] = within(r.restored_s, until_s);
  entry["clients_refreshed_s"] = within(r.clients_refreshed_s, until_s);
  const double served = std::min(r.served_again_s().value_or(until_s), until_s);
  const double reached = std::min(r.clients_refreshed_s.value_or(until_s), until_s);
  entry["unavailable_s"] = served - r.crash_s;
  entry["client_unavailable_s"] = reached - r.crash_s;
  entry["unavailable_slot_seconds"] = (served - r.crash_s) * r.slots;
  entry["writes_lost"] = r.writes_lost;
  entry["origin_peak_queries_per_s"] = origin_peak(table, r.crash_s, reached);
  return entry;
}

std::string seconds(const nlohmann::json& value) {
  std::ostringstream out;
  out << value.get<double>() << " s";
  return out.str();
}

}  // namespace

std::vector<std::string> failover_faults_of(const nlohmann::json& resolved) {
  std::vector<std::string> names;
  const auto& cache = resolved.value("cache", nlohmann::json::object());
  if (!cache.value("enabled", true)) return names;
  const auto& faults = resolved.value("faults", nlohmann::json::array());
  for (size_t i = 0; i < faults.size(); ++i)
    if (const std::string type = faults[i].value("type", std::string()); type == "cache_down" || type == "minority_partition")
      names.push_back("faults." + std::to_string(i));
  return names;
}

nlohmann::json failover_json(const models::MetricTable& table, const std::vector<std::string>& faults,
                             const std::vector<models::FailoverRecord>& records, double until_s) {
  nlohmann::json out = nlohmann::json::object();
  for (const std::string& name : faults) out[name] = empty_entry();
  for (const models::FailoverRecord& r : records) {
    const std::string name = "faults." + std::to_string(r.fault);
    if (out.contains(name) && r.crash_s < until_s) out[name] = entry_of(table, r, until_s);
  }
  return out;
}

std::vector<std::string> failover_lines(const nlohmann::json& block) {
  std::vector<std::string> lines;
  for (auto it = block.begin(); it != block.end(); ++it) {
    const nlohmann::json& e = it.value();
    if (e["crash_s"].is_null()) continue;
    std::ostringstream line;
    line << it.key() << ": primary lost to the cluster (crashed or cut off) at " << seconds(e["crash_s"]);
    if (!e["detected_s"].is_null()) line << ", failure agreed at " << seconds(e["detected_s"]);
    if (!e["promoted_s"].is_null()) line << ", replica promoted at " << seconds(e["promoted_s"]);
    if (!e["restored_s"].is_null()) line << ", old primary back at " << seconds(e["restored_s"]) << " (no promotion)";
    if (e["promoted_s"].is_null() && e["restored_s"].is_null()) line << ", no primary again within the run";
    if (!e["clients_refreshed_s"].is_null()) line << ", every app instance on it at " << seconds(e["clients_refreshed_s"]);
    line << ": slots without a primary " << seconds(e["unavailable_s"]) << ", unreachable to clients "
         << seconds(e["client_unavailable_s"]) << "; " << e["writes_lost"].get<uint64_t>() << " writes lost; origin peak "
         << e["origin_peak_queries_per_s"].get<double>() << " queries/s";
    lines.push_back(line.str());
  }
  return lines;
}

}  // namespace cachestorm::analysis
