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

// Throws sim::ConfigError naming `path`.node if the platform has no cache node `node`.
void check_cache_node(uint32_t node, const PlatformCounts& counts, const std::string& path);

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
