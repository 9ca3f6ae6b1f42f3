// CacheCluster's minority partitions (models/faults/minority_partition.cpp) and the start of a
// failover, which a primary's crash and its isolation share (models/cache/cache_cluster.hpp).
// An isolated node is cut from the other nodes: a primary's replication streams stop (what was in
// flight is lost, and every write it accepts from then on is unreplicated), and the failover
// policy plans from the isolation as from a crash, the majority side counting without it. The
// isolated primary keeps serving the instances on its side until the policy says a primary on the
// minority side notices (cluster: node_timeout_s; it then answers CLUSTERDOWN); a policy that
// never notices (sentinel) has it answer errors from the promotion on (the split brain, both
// primaries taking writes, is not modelled). At the promotion the ledger drops the isolated
// primary's versions for the promoted replica's, and its unreplicated writes count as lost. When
// the partition heals, a demoted primary (or an isolated replica) rejoins as a replica with a full
// resync; a primary nobody replaced serves the cluster again, its replicas resyncing from it.
#include <limits>

#include "models/cache/cache_cluster.hpp"

namespace cachestorm::models {

void CacheCluster::begin_failover(uint32_t index, uint32_t fault, double now) {
  const CacheNode& node = nodes_[index];
  FailoverRecord record;
  record.fault = fault;
  record.shard = node.shard;
  record.old_primary = node_label(index);
  record.slots = slots_.slots_of(node.shard);
  record.crash_s = now;
  const uint32_t apps = static_cast<uint32_t>(last_refresh_.size());
  record.instances_behind = apps;
  record.behind.assign(apps, 1);
  CrashFacts facts;
  facts.at_s = now;
  facts.shards = shard_count_;
  for (uint32_t s = 0; s < shard_count_; ++s)
    facts.primaries_up += s != node.shard && serving(s).up && !serving(s).isolated ? 1 : 0;
  for (uint32_t rank = 0; rank <= replicas_; ++rank) {
    const uint32_t r = rank * shard_count_ + node.shard;
    if (r == index) continue;
    lost_at_crash_[r] = cut_stream(r);
    const bool synced = nodes_[r].up && nodes_[r].synced;
    facts.replicas.push_back({r, synced, nodes_[r].offset, nodes_[r].up,
                              synced ? now : -std::numeric_limits<double>::infinity()});
  }
  const FailoverPlan plan = failover_->plan(facts, failover_rng_);
  record.detected_s = plan.detected_s;
  record.no_promotion = plan.no_promotion;
  const auto number = static_cast<uint32_t>(failovers_.size());
  failovers_.push_back(record);
  bool detection_placed = false;
  for (const FailoverPhase& phase : plan.phases) {
    const bool detects = !detection_placed && plan.detected_s && phase.at_s == *plan.detected_s;
    detection_placed |= detects;
    phases_.push_back({number, phase, phase.what == "promoted", detects, plan.chosen_node,
                       nodes_[plan.chosen_node].synced});
    schedule(phase.at_s, kFailoverPhase, static_cast<uint32_t>(phases_.size() - 1));
  }
  if (!plan.phases.empty() && !plan.no_promotion.empty())
    parts_.events.record(now, "cache.shards." + std::to_string(node.shard) + ".failover", "none_possible");
}

void CacheCluster::isolate(uint32_t index, uint32_t fault, double now) {
  CacheNode& node = nodes_[index];
  if (node.isolated || !node.up) return;
  node.isolated = true;
  node.isolated_s = now;
  node.unreplicated = 0;
  if (!node.serving) {  // a replica: its stream stops reaching it
    if (replicas_ != 0) cut_stream(index);
    node.synced = false;
    return;
  }
  begin_failover(index, fault, now);
  if (const std::optional<double> after = failover_->minority_notices_after_s())
    schedule(now + *after, kMinorityDown, index);
}

void CacheCluster::notice_minority(uint32_t index, double now) {
  CacheNode& node = nodes_[index];
  const std::optional<double> after = failover_->minority_notices_after_s();
  if (!node.isolated || node.minority_down || !after || now - node.isolated_s < *after - 1e-9) return;
  node.minority_down = true;
  parts_.events.record(now, "cache.nodes." + node_label(index), "minority_down");
  update_states();
}

void CacheCluster::rejoin(uint32_t index, double now) {
  CacheNode& node = nodes_[index];
  if (!node.isolated) return;
  node.isolated = false;
  node.minority_down = false;
  if (!node.up) return;  // crashed meanwhile: its restart decides
  if (node.serving) {  // nobody replaced it
    serve_again(index, now);
    return;
  }
  node.cache.clear();  // a full resync replaces what it had (a demoted primary's writes are gone)
  node.locks.clear();
  record_memory(node, now);
  node.synced = false;
  update_states();
  if (replicas_ == 0) return;
  cut_stream(index);
  const CacheNode& primary = serving(node.shard);
  const double transfer_s = parts_.paths.cache_cache.transfer_s(static_cast<double>(primary.cache.used_bytes()));
  schedule(now + transfer_s, kResyncDone, index);
}

// At a promotion, the old primary of the shard if it is isolated (still up, on the minority side).
void CacheCluster::demote_isolated(FailoverRecord& record, uint32_t old_index, double now) {
  CacheNode& old = nodes_[old_index];
  if (!old.isolated || !old.up) return;
  record.writes_lost += old.unreplicated;
  if (!old.minority_down) {
    old.minority_down = true;
    parts_.events.record(now, "cache.nodes." + node_label(old_index), "minority_down");
  }
  if (staleness_ != nullptr) lose_versions(old_index, now);
}

}  // namespace cachestorm::models
