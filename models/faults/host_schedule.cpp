#include "models/faults/host_schedule.hpp"

#include <algorithm>
#include <map>

namespace cachestorm::models {

std::vector<FaultChange> compose_changes(std::vector<FaultChange> changes) {
  std::stable_sort(changes.begin(), changes.end(), [](const auto& a, const auto& b) { return a.at_s < b.at_s; });
  std::map<HostId, int> held;  // faults holding each target down
  std::map<HostId, uint32_t> source;  // the fault of the target's latest crash or restart
  std::vector<FaultChange> net;
  for (size_t first = 0; first < changes.size();) {
    size_t end = first;
    while (end < changes.size() && changes[end].at_s == changes[first].at_s) ++end;
    std::vector<std::pair<HostId, bool>> before;  // targets crashed or restarted now, first-touch order
    for (size_t i = first; i < end; ++i) {
      const FaultChange& c = changes[i];
      if (!c.stops_host() && !c.starts_host()) {
        net.push_back(c);
        continue;
      }
      const bool seen = std::any_of(before.begin(), before.end(), [&](const auto& b) { return b.first == c.target; });
      if (!seen) before.emplace_back(c.target, held[c.target] == 0);
      held[c.target] += c.starts_host() ? -1 : 1;
      source[c.target] = c.source;
    }
    for (const auto& [target, was_up] : before) {
      const bool is_up = held[target] <= 0;
      if (is_up != was_up)
        net.push_back({changes[first].at_s, target, is_up ? ChangeKind::kRestart : ChangeKind::kCrash, 1.0,
                       source[target]});
    }
    first = end;
  }
  return net;
}

}  // namespace cachestorm::models
