// "cluster": Redis Cluster's failure detection and replica election (cluster_legacy.c, Redis 7;
// ../shared/reference/failover-facts.md).
// - Every other primary flags the crashed one PFAIL node_timeout_s after it last heard from it
//   (the crash); the failure reports reach a majority of primaries after a gossip delay drawn
//   from U(0, gossip_s), and the crashed primary is FAIL then (detected_s). FAIL needs
//   shards / 2 + 1 primaries; the crashed one does not count, so a cluster of 1 or 2 shards never
//   fails over (as in Redis).
// - Each eligible replica waits 0.5 s + U(0, 0.5 s) + rank x 1 s after FAIL (rank 0: the largest
//   replication offset) and asks for votes; a majority of primaries votes for the first one, which
//   is promoted when its votes are in (vote_s later).
// - random: false replaces every U(..) draw by 0 (a deterministic model for known answers).
// - require_full_coverage (default true, as Redis): from FAIL until the shard has a primary again,
//   every node answers -CLUSTERDOWN (false: the other shards keep serving).
// - validity_factor (cluster-replica-validity-factor, default 10): a replica whose data is older
//   at FAIL than repl-ping-replica-period (10 s) + node_timeout_s x the factor, counting from
//   when it last heard its primary minus node_timeout_s, does not fail over; one in the middle of a
//   full resync has never heard it since its restart (Redis's repl_down_since is 0). With 0 the
//   check is off: any replica that is up may be promoted, with whatever data it holds.
// Not modelled: failure reports expiring, and elections retried after a lost vote.
#include "models/cache/failover/failover_policy.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class ClusterFailover final : public FailoverPolicy {
 public:
  ClusterFailover(double node_timeout_s, double gossip_s, double vote_s, double validity_factor, bool random,
                  bool full_coverage)
      : node_timeout_s_(node_timeout_s), gossip_s_(gossip_s), vote_s_(vote_s), validity_factor_(validity_factor),
        random_(random), full_coverage_(full_coverage) {}
  bool full_coverage() const override { return full_coverage_; }
  // A primary that cannot reach a majority for node_timeout_s sets its cluster state to FAIL.
  std::optional<double> minority_notices_after_s() const override { return node_timeout_s_; }

  FailoverPlan plan(const CrashFacts& facts, sim::Rng& rng) const override {
    FailoverPlan plan;
    const double pfail = facts.at_s + node_timeout_s_;
    plan.phases.push_back({"pfail", pfail});
    const uint32_t majority = facts.shards / 2 + 1;
    if (facts.primaries_up < majority) {
      plan.no_promotion = "no majority of primaries to agree on FAIL";
      return plan;
    }
    const double fail = pfail + draw(rng, gossip_s_);
    plan.detected_s = fail;
    plan.phases.push_back({"fail", fail});
    std::optional<double> first;
    for (const ReplicaFacts& r : facts.replicas) {
      if (!may_fail_over(r, fail)) continue;
      uint32_t rank = 0;
      for (const ReplicaFacts& other : facts.replicas) rank += may_fail_over(other, fail) && other.offset > r.offset ? 1 : 0;
      const double asks = fail + 0.5 + draw(rng, 0.5) + rank * 1.0;
      if (!first || asks < *first) {
        first = asks;
        plan.chosen_node = r.node;
      }
    }
    if (!first) {
      plan.no_promotion = validity_factor_ == 0 ? "no replica up to promote"
                                                : "no replica up with data recent enough (validity_factor)";
      return plan;
    }
    plan.phases.push_back({"election", *first});
    plan.promoted_s = *first + vote_s_;
    plan.phases.push_back({"promoted", *plan.promoted_s});
    return plan;
  }
  void check(uint32_t, uint32_t, const std::string&) const override {}

 private:
  double draw(sim::Rng& rng, double width) const { return random_ ? width * rng.uniform01() : 0.0; }
  // Redis's data-age check before a replica starts an election (clusterHandleReplicaFailover).
  bool may_fail_over(const ReplicaFacts& r, double fail_s) const {
    if (!r.up) return false;
    if (validity_factor_ == 0.0) return true;
    constexpr double kReplPingPeriod = 10.0;  // repl-ping-replica-period
    return fail_s - r.last_contact_s - node_timeout_s_ <= kReplPingPeriod + node_timeout_s_ * validity_factor_;
  }
  double node_timeout_s_, gossip_s_, vote_s_, validity_factor_;
  bool random_, full_coverage_;
};

CACHESTORM_REGISTER(FailoverPolicy, "cluster", [](sim::ConfigReader& reader) {
  double node_timeout_s = 15.0;  // cluster-node-timeout 15000
  double gossip_s = 1.0;         // failure reports spread with pings every ~node_timeout/2: a few ticks
  double vote_s = 0.1;           // FAILOVER_AUTH_REQUEST to a majority and back, one cron tick
  double validity_factor = 10.0;  // cluster-replica-validity-factor 10
  bool random = true;
  bool require_full_coverage = true;  // cluster-require-full-coverage yes
  reader.number("node_timeout_s", node_timeout_s, sim::Range::positive());
  reader.number("gossip_s", gossip_s, sim::Range::non_negative());
  reader.number("vote_s", vote_s, sim::Range::non_negative());
  reader.number("validity_factor", validity_factor, sim::Range::non_negative());
  reader.flag("random", random);
  reader.flag("require_full_coverage", require_full_coverage);
  return std::make_unique<ClusterFailover>(node_timeout_s, gossip_s, vote_s, validity_factor, random,
                                           require_full_coverage);
});

}  // namespace
}  // namespace cachestorm::models
