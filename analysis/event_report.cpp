#include "analysis/event_report.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

namespace cachestorm::analysis {

std::string events_jsonl(const models::EventLog& log, uint64_t replication) {
  // A breaker notices some changes late (a half-open wait that ran out): order by when they happened.
  std::vector<models::StateChange> changes = log.changes();
  std::stable_sort(changes.begin(), changes.end(),
                   [](const models::StateChange& a, const models::StateChange& b) { return a.at_s < b.at_s; });
  std::string out;
  for (const auto& change : changes) {
    const nlohmann::ordered_json line = {
        {"replication", replication}, {"t_s", change.at_s}, {"component", change.component}, {"state", change.state}};
    out += line.dump() + "\n";
  }
  if (log.dropped() > 0) {
    const nlohmann::ordered_json line = {
        {"replication", replication}, {"component", "event_log"}, {"state", "full"}, {"dropped", log.dropped()}};
    out += line.dump() + "\n";
  }
  return out;
}

}  // namespace cachestorm::analysis
