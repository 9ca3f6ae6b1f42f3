#include "models/faults/host_schedule.hpp"

#include <algorithm>
#include <map>

namespace cachestorm::models {

std::vector<HostStateChange> compose_host_changes(std::vector<HostStateChange> holds) {
  std::stable_sort(holds.begin(), holds.end(), [](const auto& a, const auto& b) { return a.at_s < b.at_s; });
  std::map<HostId, int> held;  // faults holding each host down
  std::vector<HostStateChange> net;
  for (size_t first = 0; first < holds.size();) {
    size_t end = first;
    while (end < holds.size() && holds[end].at_s == holds[first].at_s) ++end;
    std::vector<std::pair<HostId, bool>> before;  // hosts touched at this instant, first-touch order
    for (size_t i = first; i < end; ++i) {
      const HostId& host = holds[i].host;
      const bool seen = std::any_of(before.begin(), before.end(), [&](const auto& b) { return b.first == host; });
      if (!seen) before.emplace_back(host, held[host] == 0);
      held[host] += holds[i].up ? -1 : 1;
    }
    for (const auto& [host, was_up] : before) {
      const bool is_up = held[host] <= 0;
      if (is_up != was_up) net.push_back({holds[first].at_s, host, is_up});
    }
    first = end;
  }
  return net;
}

}  // namespace cachestorm::models
