// CacheCluster's part in writes and version-exact staleness (models/cache/cache_cluster.hpp):
// writes' DEL and SET commands, and what the staleness ledger (models/writes/staleness_ledger.hpp)
// is told when entries change (the version a SET stores; entries keep none).
#include "models/cache/cache_cluster.hpp"

#include <limits>

namespace cachestorm::models {

void CacheCluster::track_versions(StalenessLedger* ledger, std::vector<bool> behind) {
  staleness_ = ledger;
  behind_ = std::move(behind);
  for (CacheNode& node : nodes_) node.cache.log_evictions(&evicted_);
  ledger->connect(this);
  if (replicas_ != 0)
    superseded_.assign(1 + replicas_, std::vector<double>(parts_.keys.key_count(), std::numeric_limits<double>::infinity()));
}

bool CacheCluster::holds(uint32_t key, double t, double* expires_at) const {
  const CacheNode& shard = serving(shard_of(key));
  if (!shard.up || shard.loading) return false;
  const Entry* entry = shard.cache.entries().find(key);
  if (entry == nullptr || t >= entry->expires_at) return false;
  *expires_at = entry->expires_at;
  return true;
}

void CacheCluster::send_write(uint32_t app, uint32_t request, bool set, double now) {
  const uint32_t key = parts_.requests[request].key;
  const uint32_t shard = shard_of(key);
  serving(shard).cache.prefetch_with_cost(key);  // read when the command starts, a link latency later
  lanes_.push(route(app, shard), now, command_bytes(set ? kWriteSet : kWriteDel, key), request,
              set ? kWriteSet : kWriteDel);
}

void CacheCluster::serve_write(CacheNode& shard, uint32_t lane, uint32_t request, bool set, double arrive_s) {
  if (refused_while_down(shard, lane, request, arrive_s, set ? kWriteSet : kWriteDel)) return;
  Request& r = parts_.requests[request];
  const uint32_t key = r.key;
  const double start = start_command(shard, arrive_s);
  r.found_at_s = start;
  bool applied = true;
  double service_s = costs_.del.of(0.0);
  if (set) {
    const uint32_t value_bytes = parts_.keys.value_bytes(key);
    service_s = costs_.set.of(value_bytes);
    applied = store_written(shard, r, start);
  } else if (shard.cache.remove(key)) {
    record_memory(shard, start);
    staleness_->removed(key, start);
    replicate(shard, Change::kDel, key, 0.0, true, start);
  }
  const double done = record_service(shard, arrive_s, service_s, set ? (applied ? shard.fills : shard.oom) : shard.deletes,
                                     kNoSlot);
  if (reply_too_late(lane, request, done, 0.0, arrive_s)) return;
  replies_.push(lane, done, 0.0, request, applied ? kWriteDone : kWriteRefused);
}

bool CacheCluster::store_written(CacheNode& shard, Request& r, double start) {
  const uint32_t key = r.key;
  const double expires_at = start + parts_.keys.ttl_s(key);
  if (!shard.cache.set(key, start, expires_at, parts_.keys.name_bytes(key), parts_.keys.value_bytes(key)))
    return false;
  const uint32_t key_class = parts_.keys.class_of(key);
  if (behind_[key_class]) {
    staleness_->source().watch(key);  // from before its version begins until its flush, or its loss
    r.version = staleness_->source().advance(key, start, true);
    r.next_waiter = shard.losses;
  }
  record_memory(shard, start);
  staleness_->stored(key, r.version, expires_at, start);
  replicate(shard, Change::kSet, key, expires_at, true, start, r.version);
  return true;
}

void CacheCluster::note_evictions(CacheNode& node, double start) {
  if (staleness_ != nullptr)
    for (uint32_t key : evicted_) staleness_->removed(key, start);
  replicate_removed(node, evicted_, start);
  evicted_.clear();
}

void CacheCluster::delete_hottest(size_t count, double now) {
  std::vector<uint8_t> changed(nodes_.size(), 0);
  for (const uint32_t key : parts_.keys.hottest(count)) {
    CacheNode& node = serving(shard_of(key));
    if (!node.up || node.loading || !node.cache.remove(key)) continue;
    changed[static_cast<size_t>(&node - nodes_.data())] = 1;
    if (staleness_ != nullptr) staleness_->removed(key, now);
    replicate(node, Change::kDel, key, 0.0, false, now);
  }
  for (size_t i = 0; i < nodes_.size(); ++i)
    if (changed[i]) record_memory(nodes_[i], now);
}

void CacheCluster::lose_versions(uint32_t index, double now) {
  ++nodes_[index].losses;
  const uint32_t shard = nodes_[index].shard;
  staleness_->removed_if([&](uint32_t key) { return shard_of(key) == shard; }, now);
  std::vector<uint32_t> unflushed;
  staleness_->source().for_each_unflushed([&](uint32_t key) {
    if (shard_of(key) == shard) unflushed.push_back(key);
  });
  for (uint32_t key : unflushed) staleness_->source().withdraw_unflushed(key);
}

}  // namespace cachestorm::models
