#include "models/cache/failover/failover_policy.hpp"

namespace cachestorm::models {

std::optional<RankedReplica> best_replica(const std::vector<ReplicaFacts>& replicas) {
  std::optional<RankedReplica> best;
  uint64_t best_offset = 0;
  for (const ReplicaFacts& r : replicas) {
    if (!r.eligible) continue;
    if (!best || r.offset > best_offset) {
      best = RankedReplica{r.node, 0};
      best_offset = r.offset;
    }
  }
  return best;
}

}  // namespace cachestorm::models
