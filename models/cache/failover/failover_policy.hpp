// How a shard's crashed primary is replaced ("cache.failover", chosen by "type"): the detector and
// the election of one failover kind (none, cluster, sentinel; one file each, registered by name).
// A policy only computes instants from what it is told at the crash; the cluster
// (models/cache/cache_cluster.hpp) carries them out on the calendar: it promotes the chosen replica
// at promoted_s if that replica is still up and the old primary still down, and logs every phase.
// Not a gossip simulation: detection, failure reports and votes are drawn as delays, and a
// majority is counted from the primaries up at the crash.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/rng.hpp"

namespace cachestorm::models {

// A replica of the crashed primary, as the detector sees it at the crash.
struct ReplicaFacts {
  uint32_t node = 0;
  bool eligible = false;  // up and in sync (not down, not loading a full resync)
  uint64_t offset = 0;    // replication stream messages it has applied
  bool up = false;
  double last_contact_s = 0.0;  // when it last heard its primary (-infinity: never since it started)
};

struct CrashFacts {
  double at_s = 0.0;
  uint32_t shards = 1;        // primaries of the cluster (one per shard)
  uint32_t primaries_up = 0;  // other shards' primaries up at the crash (they detect and vote)
  std::vector<ReplicaFacts> replicas;
};

// One step of a failover, for the event log: ("pfail", t), ("fail", t), ("promoted", t), ...
struct FailoverPhase {
  std::string what;
  double at_s = 0.0;
};

struct FailoverPlan {
  std::vector<FailoverPhase> phases;  // in time order; the last is "promoted" when one happens;
                                      // the one at detected_s is the first with that instant
  std::optional<double> detected_s;   // the failure is agreed (cluster FAIL, sentinel ODOWN)
  std::optional<double> promoted_s;   // the chosen replica serves the slots from then on
  uint32_t chosen_node = 0;           // valid with promoted_s
  std::string no_promotion;           // why none happens (empty when one does)
};

class FailoverPolicy {
 public:
  virtual ~FailoverPolicy() = default;
  // What happens after a primary crashes at facts.at_s (draws from `rng` only).
  virtual FailoverPlan plan(const CrashFacts& facts, sim::Rng& rng) const = 0;
  // Throws sim::ConfigError naming `path` when the policy cannot run on `shards` shards with
  // `replicas` replicas each (e.g. sentinel on a sharded tier).
  virtual void check(uint32_t shards, uint32_t replicas, const std::string& path) const = 0;
  // Whether every node refuses commands (-CLUSTERDOWN) while a shard agreed FAIL has no primary
  // (Redis Cluster's cluster-require-full-coverage).
  virtual bool full_coverage() const { return false; }
  // How long a primary cut off from the majority takes to notice and stop serving (CLUSTERDOWN);
  // none: it never notices by itself.
  virtual std::optional<double> minority_notices_after_s() const { return std::nullopt; }
};

// The replica with the largest replication offset among the eligible ones (ties: the lowest
// node), and its rank: 0 for the best, counting eligible replicas with a larger offset (Redis
// Cluster's clusterGetReplicaRank). Empty when no replica is eligible.
struct RankedReplica {
  uint32_t node = 0;
  uint32_t rank = 0;
};
std::optional<RankedReplica> best_replica(const std::vector<ReplicaFacts>& replicas);

}  // namespace cachestorm::models
