#include "models/faults/fault_timing.hpp"

#include <sstream>

namespace cachestorm::models {

void check_cache_node(uint32_t node, const PlatformCounts& counts, const std::string& path) {
  if (node >= counts.cache_nodes)
    throw sim::ConfigError(path + ".node", "must be < cache.nodes (" + std::to_string(counts.cache_nodes) + ")");
}

FaultTiming FaultTiming::read(sim::ConfigReader& reader, double recovery_s) {
  FaultTiming timing;
  reader.number("at_s", timing.at_s, sim::Range::non_negative());
  reader.optional_number("duration_s", timing.duration_s, sim::Range::positive());
  reader.number("recovery_s", recovery_s, sim::Range::non_negative());
  return timing;
}

void FaultTiming::check_inside(double horizon_s, const std::string& path) const {
  if (at_s < horizon_s) return;
  std::ostringstream problem;
  problem << "must be < duration_s (" << horizon_s << "): the fault would start after the run ends (got " << at_s << ")";
  throw sim::ConfigError(path + ".at_s", problem.str());
}

std::vector<FaultChange> FaultTiming::changes(HostId target, ChangeKind begin, ChangeKind end, double factor) const {
  std::vector<FaultChange> out{{at_s, target, begin, factor}};
  if (duration_s) out.push_back({at_s + *duration_s, target, end, factor});
  return out;
}

}  // namespace cachestorm::models
