// "sentinel": Redis Sentinel (sentinel.c; ../shared/reference/failover-facts.md) for an unsharded
// tier (one shard: a primary and its replicas behind one name).
// - Each of the `sentinels` pings the primary every second and finds it subjectively down
//   (SDOWN) down_after_s after the crash, at its next ping: + U(0, 1 s) each. The primary is
//   objectively down (ODOWN, detected_s) when `quorum` of them have SDOWN: the quorum-th earliest.
// - A failover then starts after a jitter of U(0, 1 s) (SENTINEL_MAX_DESYNC), a leader is elected
//   by a majority of all sentinels, and the best replica (highest replication offset) is told
//   REPLICAOF NO ONE; sentinels see its new role at their next INFO, within promote_s.
// - random: false replaces every U(..) draw by 0.
// Not modelled: sentinels failing themselves, replica priority, failover-timeout retries.
#include <algorithm>
#include <string>
#include <vector>

#include "models/cache/failover/failover_policy.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class SentinelFailover final : public FailoverPolicy {
 public:
  SentinelFailover(double down_after_s, uint32_t sentinels, uint32_t quorum, double promote_s, bool random)
      : down_after_s_(down_after_s), sentinels_(sentinels), quorum_(quorum), promote_s_(promote_s), random_(random) {}

  FailoverPlan plan(const CrashFacts& facts, sim::Rng& rng) const override {
    FailoverPlan plan;
    std::vector<double> sdown(sentinels_);
    for (double& t : sdown) t = facts.at_s + down_after_s_ + draw(rng, 1.0);
    std::sort(sdown.begin(), sdown.end());
    plan.phases.push_back({"sdown", sdown.front()});
    const double odown = sdown[quorum_ - 1];
    plan.detected_s = odown;
    plan.phases.push_back({"odown", odown});
    const std::optional<RankedReplica> best = best_replica(facts.replicas);
    if (!best) {
      plan.no_promotion = "no replica in sync to promote";
      return plan;
    }
    const double leader = odown + draw(rng, 1.0);
    plan.phases.push_back({"leader_elected", leader});
    plan.chosen_node = best->node;
    plan.promoted_s = leader + promote_s_;
    plan.phases.push_back({"promoted", *plan.promoted_s});
    return plan;
  }
  void check(uint32_t shards, uint32_t, const std::string& path) const override {
    if (shards != 1)
      throw sim::ConfigError(path + ".type", "sentinel watches one primary: it needs cache.nodes = 1 (got " +
                                                 std::to_string(shards) + "); use \"cluster\" for a sharded tier");
    if (quorum_ > sentinels_)
      throw sim::ConfigError(path + ".quorum", "must be <= sentinels (" + std::to_string(sentinels_) +
                                                   "): no failure could ever be agreed (got " +
                                                   std::to_string(quorum_) + ")");
  }

 private:
  double draw(sim::Rng& rng, double width) const { return random_ ? width * rng.uniform01() : 0.0; }
  double down_after_s_;
  uint32_t sentinels_, quorum_;
  double promote_s_;
  bool random_;
};

CACHESTORM_REGISTER(FailoverPolicy, "sentinel", [](sim::ConfigReader& reader) {
  double down_after_s = 30.0;  // down-after-milliseconds 30000
  uint32_t sentinels = 3;
  uint32_t quorum = 2;
  double promote_s = 1.0;      // INFO every second during a failover
  bool random = true;
  reader.number("down_after_s", down_after_s, sim::Range::positive());
  reader.integer("sentinels", sentinels, sim::Range::between(1, 99));
  reader.integer("quorum", quorum, sim::Range::between(1, 99));
  reader.number("promote_s", promote_s, sim::Range::non_negative());
  reader.flag("random", random);
  return std::make_unique<SentinelFailover>(down_after_s, sentinels, quorum, promote_s, random);
});

}  // namespace
}  // namespace cachestorm::models
