// When a fault happens, as every fault kind's block says it: "at_s", optionally "duration_s" (no
// end: it lasts past the horizon), and "recovery_s" (how long after its end the fault's report
// window keeps counting, analysis/report_windows.hpp; read here so that every kind accepts it).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "models/faults/fault.hpp"
#include "models/faults/fault_change.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {

// Which cache node(s) a fault is about: "node" names a shard (its index, < cache.nodes) and the
// optional "replica" one of its nodes (0: the node that starts as the shard's primary, k: its
// k-th replica). Without "replica" a fault acts on `whole` (every node of the shard, or replica 0).
struct CacheTarget {
  uint32_t shard = 0;
  std::optional<uint32_t> replica;

  static CacheTarget read(sim::ConfigReader& reader);
  // The nodes' host ids. Throws sim::ConfigError naming `path`.node or `path`.replica if the
  // platform has no such shard or replica.
  enum class Whole { kShard, kFirstNode };
  std::vector<HostId> hosts(const PlatformCounts& counts, const std::string& path, Whole whole) const;
};

struct FaultTiming {
  double at_s = 0.0;
  std::optional<double> duration_s;

  // Reads at_s, duration_s and recovery_s (default `recovery_s`) from the fault's block.
  static FaultTiming read(sim::ConfigReader& reader, double recovery_s = 30.0);
  // Throws sim::ConfigError naming `path`.at_s if the fault starts at or after the horizon.
  void check_inside(double horizon_s, const std::string& path) const;
  // A change of kind `begin` at at_s and, if the fault ends, one of kind `end` at its end; both to
  // `target` with `factor`.
  std::vector<FaultChange> changes(HostId target, ChangeKind begin, ChangeKind end, double factor = 1.0) const;
  std::optional<double> end_s() const { return duration_s ? std::optional<double>(at_s + *duration_s) : std::nullopt; }
};

}  // namespace cachestorm::models
