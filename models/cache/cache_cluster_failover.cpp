// CacheCluster's faults and failovers (models/cache/cache_cluster.hpp): node crashes and restarts,
// slowdowns, FLUSHALL; a crashed primary's failover as its policy plans it
// (models/cache/failover/); and how app instances learn the new primary (cache.topology_refresh):
// a command that times out on a dead node may trigger a refresh of the instance's view (at its
// timeout, unless within min_interval_s of the last refresh), a periodic refresh, or a MOVED reply
// from a node that is up but no longer the shard's primary (the instance patches that shard and
// sends the command again). Refreshes are instant: the slot map as of the refresh.
#include <limits>

#include "models/cache/cache_cluster.hpp"

namespace cachestorm::models {

ChangeNote CacheCluster::apply(const FaultChange& change, double now) {
  const uint32_t index = change.target.index;
  CacheNode& node = nodes_[index];
  const std::string subject = "cache.shards." + node_label(index);
  switch (change.kind) {
    case ChangeKind::kSlowStart:
    case ChangeKind::kSlowEnd:
      return {subject, node.slow.apply(change)};
    case ChangeKind::kRestart:
    case ChangeKind::kRelaunch:
      node.host_up = true;
      restart(index, now);
      return {subject, node.serving ? "up" : "up_as_replica"};
    case ChangeKind::kCrash:
    case ChangeKind::kKill:
      crash(index, change, now);
      node.host_up = change.kind == ChangeKind::kKill;
      return {subject, change.kind == ChangeKind::kKill ? "killed" : "down"};
    case ChangeKind::kPartitionStart:
    case ChangeKind::kPartitionEnd:
      partition(change, change.kind == ChangeKind::kPartitionStart, now);
      return {subject + ".link.app." + std::to_string(change.peer),
              change.kind == ChangeKind::kPartitionStart ? "cut" : "restored"};
    case ChangeKind::kIsolateStart:
      isolate(index, change.source, now);
      return {subject, "isolated"};
    case ChangeKind::kIsolateEnd:
      rejoin(index, now);
      return {subject, node.serving ? "rejoined" : "rejoined_as_replica"};
    case ChangeKind::kFlush:
      if (node.up) {
        drop_data(index, now);
        if (node.serving) replicate(node, Change::kFlush, 0, 0.0, false, now);
      }
      return {subject, "flushed"};
    case ChangeKind::kDeleteHottest:
      delete_hottest(static_cast<size_t>(change.factor), now);
      return {"cache.shards", "hottest_keys_deleted"};
    case ChangeKind::kErrorsStart:  // no fault kind sends these to the cache tier
    case ChangeKind::kErrorsEnd:
      break;
  }
  return {subject, "unknown"};
}

void CacheCluster::update_states() {
  for (CacheNode& node : nodes_) node.ok = serves(node) && node.partitions == 0;
}

void CacheCluster::partition(const FaultChange& change, bool cut, double now) {
  if (blocked_.empty()) blocked_.assign(lanes_.size(), 0);
  uint8_t& lane = blocked_[lane_of(change.peer, change.target.index)];
  CacheNode& node = nodes_[change.target.index];
  if (cut) {
    if (lane++ == 0) ++node.partitions;
  } else if (lane > 0 && --lane == 0) {
    --node.partitions;
    if (view_[change.peer * shard_count_ + node.shard] == change.target.index && node.serving)
      note_reached(change.peer, node.shard, now);  // its view named the node all along
  }
  update_states();
}

void CacheCluster::set_covered(uint32_t record, bool covered, double now) {
  if (counted_uncovered_.size() <= record) counted_uncovered_.resize(record + 1, 0);
  if (counted_uncovered_[record] == static_cast<uint8_t>(!covered)) return;
  const bool was_down = full_coverage_ && uncovered_ > 0;
  counted_uncovered_[record] = !covered;
  if (covered) {
    --uncovered_;
  } else {
    ++uncovered_;
  }
  const bool down = full_coverage_ && uncovered_ > 0;
  if (down != was_down) parts_.events.record(now, "cache.cluster", down ? "down" : "ok");
  update_states();
}

void CacheCluster::drop_data(uint32_t index, double now) {
  CacheNode& node = nodes_[index];
  node.cache.clear();
  node.locks.clear();
  record_memory(node, now);
  if (staleness_ != nullptr && node.serving) lose_versions(index, now);
}

void CacheCluster::crash(uint32_t index, const FaultChange& change, double now) {
  CacheNode& node = nodes_[index];
  node.up = false;
  node.loading = false;
  node.synced = false;
  node.server.reset();
  drop_data(index, now);
  if (replicas_ != 0) cut_stream(index);
  update_states();
  if (!node.serving) return;
  begin_failover(index, change.source, now);
}

void CacheCluster::on_failover_phase(uint32_t index, double now) {
  const PendingPhase& pending = phases_[index];
  FailoverRecord& record = failovers_[pending.record];
  const CacheNode& old = serving(record.shard);
  if (record.served_again_s() || (old.up && !old.isolated)) return;  // the old primary came back first
  const std::string subject = "cache.shards." + std::to_string(record.shard) + ".failover";
  if (!pending.promotes) {
    parts_.events.record(now, subject, pending.phase.what);
    if (pending.detects) set_covered(pending.record, false, now);
    return;
  }
  const CacheNode& chosen = nodes_[pending.node];
  if (!chosen.up || (pending.node_synced && !chosen.synced)) {  // it crashed meanwhile
    record.no_promotion = "the chosen replica was down at its promotion";
    parts_.events.record(now, subject, "abandoned");
    return;
  }
  parts_.events.record(now, subject, "promoted");
  promote(record, pending.node, now);
}

void CacheCluster::promote(FailoverRecord& record, uint32_t index, double now) {
  const uint32_t old_index = slots_.node_of(record.shard);
  nodes_[old_index].serving = false;
  slots_.promote(record.shard, index);
  CacheNode& primary = nodes_[index];
  primary.serving = true;
  primary.synced = true;  // its data is the shard's now, whatever it had
  record.promoted_s = now;
  record.new_primary = node_label(index);
  for (uint32_t r = 0; r < failovers_.size(); ++r)  // an earlier crash of the shard is covered too
    if (failovers_[r].shard == record.shard) set_covered(r, true, now);
  record.writes_lost = lost_at_crash_[index];
  demote_isolated(record, old_index, now);
  if (record.writes_lost != 0) parts_.metrics.add(writes_lost_[record.shard], now, static_cast<double>(record.writes_lost));
  parts_.events.record(now, "cache.nodes." + node_label(index), "primary");
  if (!superseded_.empty()) adopt_versions(index, now);
  for (uint32_t rank = 0; rank <= replicas_; ++rank) {  // the others follow it (a partial resync)
    const uint32_t r = rank * shard_count_ + record.shard;
    if (r == index || !nodes_[r].up) continue;
    cut_stream(r);
    copy_primary(r, now);
  }
  record.instances_behind = 0;
  for (uint32_t a = 0; a < last_refresh_.size(); ++a) {
    record.behind[a] = view_[a * shard_count_ + record.shard] != index || !lane_open(lane_of(a, index));
    record.instances_behind += record.behind[a];
  }
  if (record.instances_behind == 0) record.clients_refreshed_s = now;
}

void CacheCluster::note_reached(uint32_t app, uint32_t shard, double now) {
  for (auto it = failovers_.rbegin(); it != failovers_.rend(); ++it)
    if (it->shard == shard) {
      if (it->served_again_s() && it->behind[app] != 0) {
        it->behind[app] = 0;
        if (--it->instances_behind == 0) it->clients_refreshed_s = now;
      }
      return;
    }
}

void CacheCluster::restart(uint32_t index, double now) {
  CacheNode& node = nodes_[index];
  node.up = true;
  if (!node.serving) {  // rejoins as a replica of its shard's primary: a full resync
    update_states();
    cut_stream(index);
    const CacheNode& primary = serving(node.shard);
    const double transfer_s = parts_.paths.cache_cache.transfer_s(static_cast<double>(primary.cache.used_bytes()));
    schedule(now + transfer_s, kResyncDone, index);
    return;
  }
  if (persistence_.type != PersistenceConfig::Type::kNone) {  // loads its file first
    node.loading = true;
    update_states();
    schedule(now + saved_bytes_[index] / persistence_.load_rate_Bps, kLoadDone, index);
    return;
  }
  serve_again(index, now);
}

void CacheCluster::serve_again(uint32_t index, double now) {
  CacheNode& node = nodes_[index];
  node.synced = true;
  for (uint32_t r = 0; r < failovers_.size(); ++r) {  // every crash of it not yet followed by a primary
    FailoverRecord& record = failovers_[r];
    if (record.shard != node.shard || record.served_again_s()) continue;
    record.restored_s = now;
    record.clients_refreshed_s = now;  // every view still names it
    record.instances_behind = 0;
    std::fill(record.behind.begin(), record.behind.end(), 0);
    set_covered(r, true, now);
  }
  update_states();
  for (uint32_t rank = 0; rank <= replicas_; ++rank) {  // its replicas resync from it: its data, or none
    const uint32_t r = rank * shard_count_ + node.shard;
    if (r == index || !nodes_[r].up) continue;
    cut_stream(r);
    copy_primary(r, now);
  }
}

void CacheCluster::note_failure(uint32_t app, double at) {
  if (!refresh_.on_failure || refresh_pending_[app]) return;
  if (at < last_refresh_[app] + refresh_.min_interval_s) return;
  refresh_pending_[app] = true;
  schedule(at, kRefresh, app);
}

void CacheCluster::refresh_view(uint32_t app, double now) {
  last_refresh_[app] = now;
  bool changed = false;
  for (uint32_t s = 0; s < shard_count_; ++s) changed |= patch_view(app, s, now);
  if (read_replicas_)
    for (uint32_t s = 0; s < shard_count_; ++s) changed |= pick_read_node(app, s);
  if (changed) parts_.events.record(now, "app." + std::to_string(app) + ".cache_topology", "refreshed");
}

bool CacheCluster::patch_view(uint32_t app, uint32_t shard, double now) {
  uint32_t& view = view_[app * shard_count_ + shard];
  const uint32_t node = slots_.node_of(shard);
  if (view == node) return false;
  view = node;
  if (lane_open(lane_of(app, node))) note_reached(app, shard, now);
  return true;
}

void CacheCluster::redirect_later(uint32_t lane, uint32_t request, uint32_t op, double arrive_s) {
  const double back = replies_.pass(lane, arrive_s, 0.0);  // -MOVED <slot> <node>
  schedule(std::max(back, arrive_s), static_cast<uint16_t>(kRedirect + op), request);
}

void CacheCluster::redirect(uint32_t request, uint32_t op, double now) {
  const Request& r = parts_.requests[request];
  const uint32_t shard = shard_of(r.key);
  if (patch_view(r.app, shard, now))
    parts_.events.record(now, "app." + std::to_string(r.app) + ".cache_topology", "moved");
  lanes_.push(route(r.app, shard), now, command_bytes(op, r.key), request, op);
}

}  // namespace cachestorm::models
