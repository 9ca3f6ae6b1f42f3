// A scheduled failure from the scenario's "faults" list, e.g.
// {"type": "cache_down", "node": 0, "at_s": 120, "duration_s": 30}.
// A fault only says what changes when (typed state changes, models/faults/fault_change.hpp); the
// fault actor delivers them at their times to the component that owns each target, and mirrors
// crashes and restarts on the SimGrid platform's hosts.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "models/faults/fault_change.hpp"
#include "models/workload/load_spell.hpp"

namespace cachestorm::models {

struct PlatformCounts {
  unsigned clients = 1;
  unsigned app_instances = 1;
  unsigned cache_nodes = 1;  // every node: shards x (1 + replicas_per_shard)
  unsigned shards = 1;
  unsigned replicas_per_shard = 0;
};

class Fault {
 public:
  virtual ~Fault() = default;
  // The state changes this fault makes (a crash, then optionally a restart, which may lie past
  // the horizon). Throws sim::ConfigError naming `path` and the key if it names a target the
  // platform does not have, or starts at or after duration_s (it could not happen).
  virtual std::vector<FaultChange> changes(const PlatformCounts& counts, double duration_s,
                                           const std::string& path) const = 0;
  // The load spell this fault puts on every arrival process, if it changes the offered load
  // rather than a host (load_spike); the scenario applies it when it is read.
  virtual std::optional<LoadSpell> load_spell() const { return std::nullopt; }
};

}  // namespace cachestorm::models
