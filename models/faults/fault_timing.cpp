#include "models/faults/fault_timing.hpp"

#include <sstream>

namespace cachestorm::models {

CacheTarget CacheTarget::read(sim::ConfigReader& reader) {
  CacheTarget target;
  reader.integer("node", target.shard, sim::Range::non_negative());
  reader.optional_integer("replica", target.replica, sim::Range::non_negative());
  return target;
}

std::vector<HostId> CacheTarget::hosts(const PlatformCounts& counts, const std::string& path, Whole whole) const {
  if (shard >= counts.shards)
    throw sim::ConfigError(path + ".node", "must be < cache.nodes (" + std::to_string(counts.shards) + ")");
  if (replica && *replica > counts.replicas_per_shard)
    throw sim::ConfigError(path + ".replica", "must be <= cache.replicas_per_shard (" +
                                                  std::to_string(counts.replicas_per_shard) +
                                                  "; 0 is the shard's first primary) (got " +
                                                  std::to_string(*replica) + ")");
  const auto node = [&](uint32_t rank) { return HostId{HostRole::kCache, rank * counts.shards + shard}; };
  if (replica) return {node(*replica)};
  if (whole == Whole::kFirstNode) return {node(0)};
  std::vector<HostId> all;
  for (uint32_t rank = 0; rank <= counts.replicas_per_shard; ++rank) all.push_back(node(rank));
  return all;
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
