// A scheduled failure from the scenario's "faults" list, e.g.
// {"type": "cache_down", "node": 0, "at_s": 120, "duration_s": 30}.
// A fault only says which platform hosts change state and when; the fault actor carries the
// changes out on the SimGrid platform, and models learn of them from the hosts' state changes.
#pragma once
#include <string>
#include <vector>

#include "models/host_id.hpp"

namespace cachestorm::models {

struct HostStateChange {
  double at_s = 0.0;
  HostId host;  // e.g. {HostRole::kCache, 0}
  bool up = false;
  bool operator==(const HostStateChange&) const = default;
};

struct PlatformCounts {
  unsigned clients = 1;
  unsigned app_instances = 1;
  unsigned cache_nodes = 1;
};

class Fault {
 public:
  virtual ~Fault() = default;
  // The host state changes this fault makes (a down change, then optionally an up change, which
  // may lie past the horizon). Throws sim::ConfigError naming `path` and the key if it names a
  // host the platform does not have, or starts at or after duration_s (it could not happen).
  virtual std::vector<HostStateChange> host_changes(const PlatformCounts& counts, double duration_s,
                                                    const std::string& path) const = 0;
};

}  // namespace cachestorm::models
