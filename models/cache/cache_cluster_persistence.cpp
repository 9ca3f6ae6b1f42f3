// CacheCluster's persistence (models/cache/cache_cluster.hpp, cache.persistence): every node that
// serves saves its keyspace (keys and expiries) at each save point (an RDB snapshot every
// snapshot_interval_s, or an AOF fsync every second); a primary restarting without having been
// replaced loads its last save (dataset bytes / load_rate_Bps, answering -LOADING meanwhile) and
// then serves again. Saves are instant copies: a fork's copy-on-write cost and the time a save
// takes are not modelled.
#include "models/cache/cache_cluster.hpp"

namespace cachestorm::models {
namespace {

const MetricFamily kLoaded{"shard_keys_loaded", "count", "keys a restarting node loaded from its RDB or AOF file",
                           MetricKind::kCounter, "shard", "end of the load"};

}  // namespace

void CacheCluster::start_persistence() {
  saved_.resize(node_count_);
  saved_bytes_.assign(node_count_, 0.0);
  for (uint32_t n = 0; n < node_count_; ++n) {
    loaded_series_.push_back(parts_.metrics.series(kLoaded, node_label(n)));
    schedule(persistence_.interval_s(), kSave, n);
  }
}

void CacheCluster::save(uint32_t index, double now) {
  schedule(now + persistence_.interval_s(), kSave, index);
  const CacheNode& node = nodes_[index];
  if (!node.up || node.loading || !node.serving) return;
  const ShardEntries& entries = node.cache.entries();
  std::vector<std::pair<uint32_t, double>>& saved = saved_[index];
  saved.clear();
  double bytes = 0.0;
  for (uint32_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries.at(i);
    saved.emplace_back(e.key, e.expires_at);
    bytes += parts_.keys.name_bytes(e.key) + parts_.keys.value_bytes(e.key);
  }
  saved_bytes_[index] = bytes;
}

void CacheCluster::finish_loading(uint32_t index, double now) {
  CacheNode& node = nodes_[index];
  if (!node.up || !node.loading) return;  // crashed again while loading
  uint32_t loaded = 0;
  for (const auto& [key, expires_at] : saved_[index]) {
    if (expires_at <= now) continue;
    node.cache.set(key, now, expires_at, parts_.keys.name_bytes(key), parts_.keys.value_bytes(key), false);
    ++loaded;
  }
  node.loading = false;
  record_memory(node, now);
  parts_.metrics.add(loaded_series_[index], now, loaded);
  parts_.events.record(now, "cache.nodes." + node_label(index), "loaded");
  serve_again(index, now);
}

}  // namespace cachestorm::models
