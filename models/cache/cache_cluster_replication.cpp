// CacheCluster's replication stream (models/cache/cache_cluster.hpp): a primary sends each
// keyspace change (SET with its expiry, DEL: clients' writes and fills, lazy and active expiry,
// eviction; FLUSHALL) to every replica of its shard that is up, over one FIFO connection per
// replica (the cache hosts' path), each change arriving after latency + bytes / bandwidth +
// replication.extra_lag_s; a replica applies a change when it arrives, costing its server the
// command's time. A replica's keyspace is what it has received: it ignores maxmemory and never
// expires keys itself (Redis replicas wait for their primary's DEL). Lock keys are not replicated.
// A stream is cut when either end crashes (what was in flight is lost); a replica that rejoins
// copies its primary's keyspace after a full resync (dataset bytes / bandwidth).
#include "models/cache/cache_cluster.hpp"

namespace cachestorm::models {
namespace {

const MetricFamily kLag{"replication_lag_s", "s", "time from a primary's keyspace change to its replica applying it",
                        MetricKind::kLatency, "shard", "arrival time at the replica"};
const MetricFamily kWritesLost{"shard_writes_lost", "count",
                               "client writes the primary acknowledged that a promoted replica never received",
                               MetricKind::kCounter, "shard", "promotion time"};

}  // namespace

void CacheCluster::start_replication() {
  repl_base_ = static_cast<uint32_t>(lanes_.size());
  for (uint32_t n = 0; n < node_count_; ++n) lanes_.add_lane(parts_.paths.cache_cache);
  streams_.resize(node_count_);
  lost_at_crash_.assign(node_count_, 0);
  lag_series_.assign(node_count_, SeriesId{});
  for (uint32_t n = shard_count_; n < node_count_; ++n) lag_series_[n] = parts_.metrics.series(kLag, node_label(n));
  for (uint32_t s = 0; s < shard_count_; ++s) writes_lost_.push_back(parts_.metrics.series(kWritesLost, std::to_string(s)));
  for (CacheNode& node : nodes_) node.cache.log_evictions(&evicted_);
  for (CacheNode& node : nodes_) node.cache.log_expirations(&expired_);
}

void CacheCluster::send_to_replicas(CacheNode& primary, Change change, uint32_t key, double expires_at,
                                    bool write, double now, uint32_t version) {
  const double bytes = change == Change::kSet ? parts_.keys.name_bytes(key) + parts_.keys.value_bytes(key)
                                              : change == Change::kDel ? parts_.keys.name_bytes(key) : 8.0;
  ++primary.offset;
  if (primary.isolated) {  // nothing reaches its replicas
    primary.unreplicated += write ? 1 : 0;
    return;
  }
  for (uint32_t rank = 0; rank <= replicas_; ++rank) {
    const uint32_t node = rank * shard_count_ + primary.shard;
    if (&nodes_[node] == &primary || !nodes_[node].up || nodes_[node].isolated) continue;
    Stream& stream = streams_[node];
    const double send = now + extra_lag_->sample(lag_rng_);
    stream.sent.push_back({now, expires_at, version});
    // Its version's history is kept until it lands (the primary's store holds it watched now).
    if (change == Change::kSet && !superseded_.empty()) staleness_->source().watch(key);
    stream.writes_in_flight += write ? 1 : 0;
    const uint32_t op = static_cast<uint32_t>(change) | (write ? 4u : 0u) | (stream.generation << 3);
    lanes_.push(repl_base_ + node, send, bytes, key, op);
  }
}

void CacheCluster::replicate_removed(CacheNode& primary, const std::vector<uint32_t>& keys, double now) {
  if (replicas_ == 0) return;
  for (const uint32_t key : keys) send_to_replicas(primary, Change::kDel, key, 0.0, false, now, 0);
}

void CacheCluster::serve_replicated(uint32_t node, const LaneMessage& message, double now) {
  Stream& stream = streams_[node];
  const Sent sent = stream.sent.front();
  stream.sent.pop_front();
  const auto change = static_cast<Change>(message.op & 3u);
  const uint32_t key = message.ref;
  if (change == Change::kSet && !superseded_.empty()) {
    if ((message.op >> 3) == stream.generation) note_replica_version(node, key, sent.version);
    staleness_->source().unwatch(key);
  }
  if ((message.op >> 3) != stream.generation) return;  // from a cut stream: lost
  const bool write = (message.op & 4u) != 0;
  stream.writes_in_flight -= write ? 1 : 0;
  CacheNode& replica = nodes_[node];
  double service_s = costs_.del.of(0.0);
  switch (change) {
    case Change::kSet:
      service_s = costs_.set.of(parts_.keys.value_bytes(key));
      replica.cache.set(key, now, sent.expires_at, parts_.keys.name_bytes(key), parts_.keys.value_bytes(key), false);
      break;
    case Change::kDel: replica.cache.remove(key); break;
    case Change::kFlush: replica.cache.clear(); break;
  }
  ++replica.offset;
  record_memory(replica, now);
  record_service(replica, now, service_s, kNoSlot, kNoSlot);
  parts_.metrics.observe(lag_series_[node], now, now - sent.sent_s);
}

uint64_t CacheCluster::cut_stream(uint32_t node) {
  Stream& stream = streams_[node];
  const uint64_t lost = stream.writes_in_flight;
  stream.writes_in_flight = 0;
  ++stream.generation;
  return lost;
}

void CacheCluster::copy_primary(uint32_t index, double now) {
  CacheNode& node = nodes_[index];
  const CacheNode& primary = serving(node.shard);
  if (!node.up || !primary.up || &primary == &node) return;
  node.cache.clear();
  const ShardEntries& entries = primary.cache.entries();
  for (uint32_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries.at(i);
    node.cache.set(e.key, now, e.expires_at, parts_.keys.name_bytes(e.key), parts_.keys.value_bytes(e.key), false);
    if (!superseded_.empty()) copy_version(index, e.key);
  }
  node.offset = primary.offset;
  const bool was_synced = node.synced;
  node.synced = true;
  record_memory(node, now);
  if (!was_synced) parts_.events.record(now, "cache.nodes." + node_label(index), "in_sync");
}

}  // namespace cachestorm::models
