// CacheCluster's reads from replicas and the versions replicas hold (models/cache/cache_cluster.hpp).
// With cache.read_from "replica", instance a reads shard s from replica 1 + (a mod R) of it (its
// READONLY connection), or after a topology refresh from the next replica that is up, or the
// primary when none is. A replica serves a GET like a primary but does not expire the key: a key
// past its TTL reads as a miss and stays until the primary's DEL (as Redis replicas answer).
// A miss's fill goes to the primary; a class with leases reads its primary (a lease is a write).
// With writes, each replica's copy of a key is as old as the last change its stream brought: the
// node keeps, per key, when the source moved past the version it holds, so a replica read is
// stale exactly while the new version is on its way; a promoted replica's older copies become
// the ledger's open windows (lost writes show as stale reads).
#include <limits>

#include "models/cache/cache_cluster.hpp"

namespace cachestorm::models {
namespace {

constexpr double kCurrent = std::numeric_limits<double>::infinity();

}  // namespace

void CacheCluster::serve_replica_get(CacheNode& replica, uint32_t lane, uint32_t request, double arrive_s) {
  Request& r = parts_.requests[request];
  const uint32_t key = r.key;
  const double start = replica.server.start_of(arrive_s);  // a replica ignores maxmemory: no eviction
  r.found_at_s = start;
  const uint32_t key_class = parts_.keys.class_of(key);
  const Entry* entry = replica.cache.entries().find(key);
  const bool hit = entry != nullptr && start < entry->expires_at;
  if (hit && needs_[key_class].entry) {
    r.found_expires_s = entry->expires_at;
    r.found_recompute_s = recompute_s_[key];  // as the last fill set it (a replica's copy may be older)
  }
  if (staleness_ != nullptr) {
    const double superseded = superseded_.empty() ? kCurrent : superseded_[lane_node_[lane] / shard_count_][key];
    if (hit) r.stale_age_s = superseded == kCurrent ? StalenessLedger::kCurrent : static_cast<float>(start - superseded);
    else staleness_->source().prefetch(key);
  }
  const double bytes = hit ? parts_.keys.value_bytes(key) : 0.0;
  const double done = record_service(replica, arrive_s, costs_.get.of(bytes), hit ? replica.hits : replica.misses,
                                     hit ? replica.class_hits[key_class] : replica.class_misses[key_class]);
  send_reply(lane, request, hit, done, bytes, key_class, arrive_s);
}

bool CacheCluster::pick_read_node(uint32_t app, uint32_t shard) {
  uint32_t& view = read_view_[app * shard_count_ + shard];
  uint32_t pick = slots_.node_of(shard);
  for (uint32_t i = 0; i <= replicas_; ++i) {  // from its preferred rank on, over every rank
    const uint32_t node = ((1 + app % replicas_ + i) % (1 + replicas_)) * shard_count_ + shard;
    if (nodes_[node].up && nodes_[node].host_up && !nodes_[node].serving) {
      pick = node;
      break;
    }
  }
  if (view == pick) return false;
  view = pick;
  return true;
}

void CacheCluster::on_source_moved(uint32_t key, double t) {
  for (std::vector<double>& superseded : superseded_)  // a copy still current is superseded from now
    if (superseded[key] == kCurrent) superseded[key] = t;
}

void CacheCluster::note_replica_version(uint32_t node, uint32_t key, uint32_t version) {
  const SourceVersions& source = staleness_->source();
  superseded_[node / shard_count_][key] = version >= source.latest(key) ? kCurrent : source.superseded_at(key, version);
}

void CacheCluster::copy_version(uint32_t node, uint32_t key) {
  superseded_[node / shard_count_][key] = staleness_->superseded_since(key);
}

void CacheCluster::adopt_versions(uint32_t node, double now) {
  const std::vector<double>& superseded = superseded_[node / shard_count_];
  const ShardEntries& entries = nodes_[node].cache.entries();
  for (uint32_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries.at(i);
    if (now < e.expires_at && superseded[e.key] != kCurrent) staleness_->adopted(e.key, superseded[e.key], e.expires_at, now);
  }
}

}  // namespace cachestorm::models
