#include "models/cache/cache_node.hpp"

namespace cachestorm::models {
namespace {

constexpr const char* kByStart = "start time of the command";
const MetricFamily kCommands{"shard_commands", "count", "commands the shard served (GET and SET)",
                             MetricKind::kCounter, "shard", kByStart};
const MetricFamily kHits{"shard_hits", "count", "GETs that found a valid entry", MetricKind::kCounter, "shard",
                         kByStart};
const MetricFamily kMisses{"shard_misses", "count", "GETs that found none (expired ones included)",
                           MetricKind::kCounter, "shard", kByStart};
const MetricFamily kExpiredLazy{"shard_expired_lazy", "count",
                                "GETs that found an entry past its TTL and removed it (lazy expiry)",
                                MetricKind::kCounter, "shard", kByStart};
const MetricFamily kExpiredActive{"shard_expired_active", "count",
                                  "entries past their TTL removed by the active expiry cycle", MetricKind::kCounter,
                                  "shard", kByStart};
const MetricFamily kEvictions{"shard_evictions", "count", "keys evicted to get used memory under maxmemory",
                              MetricKind::kCounter, "shard", kByStart};
const MetricFamily kOom{"shard_oom_errors", "count", "SETs refused with OOM (over maxmemory, nothing to evict)",
                        MetricKind::kCounter, "shard", kByStart};
const MetricFamily kUsedMemory{"shard_used_memory_bytes", "bytes",
                               "used memory as maxmemory counts it (base + entries, expired ones until removed)",
                               MetricKind::kGauge, "shard", kByStart};
const MetricFamily kKeys{"shard_keys", "count", "keys resident in the shard (expired ones until removed)",
                         MetricKind::kGauge, "shard", kByStart};
const MetricFamily kFills{"shard_fills", "count", "SETs stored (cache fills after origin reads, and writes' SETs)",
                          MetricKind::kCounter, "shard", kByStart};
const MetricFamily kLeaseRejected{"shard_lease_rejected_sets", "count",
                                  "SETs of a class with leases refused: the request's lease had expired or gone to another",
                                  MetricKind::kCounter, "shard", kByStart};
const MetricFamily kDeletes{"shard_deletes", "count", "DELs served (writes and invalidations)",
                            MetricKind::kCounter, "shard", kByStart};
const MetricFamily kRefused{"shard_refused", "count", "commands that reached the shard while it was down",
                            MetricKind::kCounter, "shard", "arrival time of the command"};
const MetricFamily kBusy{"shard_busy_s", "s", "service time given (per one-second window: the utilisation)",
                         MetricKind::kCounter, "shard", kByStart};
const MetricFamily kQueuePeak{"shard_queue_peak", "commands", "most commands queued or in service at an arrival",
                              MetricKind::kPeak, "shard", "arrival time of the command"};
const MetricFamily kQueueDelay{"shard_queue_delay", "s", "time commands waited for the shard before starting",
                               MetricKind::kLatency, "shard", "arrival time of the command"};

}  // namespace

CacheNode::CacheNode(const CacheConfig& config, std::vector<uint32_t>& where, sim::Rng rng, MetricTable& m,
                     const std::string& label)
    : cache(config.memory, config.eviction->for_shard(), where, rng) {
  by_start = std::make_unique<WindowAccumulator>(m);
  by_arrival = std::make_unique<WindowAccumulator>(m);
  WindowAccumulator& at_start = *by_start;
  WindowAccumulator& at_arrival = *by_arrival;
  commands = at_start.slot(m.series(kCommands, label));
  hits = at_start.slot(m.series(kHits, label));
  misses = at_start.slot(m.series(kMisses, label));
  expired_lazy = at_start.slot(m.series(kExpiredLazy, label));
  expired_active = at_start.slot(m.series(kExpiredActive, label));
  evictions = at_start.slot(m.series(kEvictions, label));
  oom = at_start.slot(m.series(kOom, label));
  fills = at_start.slot(m.series(kFills, label));
  lease_rejected = at_start.slot(m.series(kLeaseRejected, label));
  deletes = at_start.slot(m.series(kDeletes, label));
  refused = at_arrival.slot(m.series(kRefused, label));
  busy = at_start.slot(m.series(kBusy, label));
  queue_peak = at_arrival.slot(m.series(kQueuePeak, label));
  queue_delay = at_arrival.slot(m.series(kQueueDelay, label));
  used_memory = m.series(kUsedMemory, label);
  keys = m.series(kKeys, label);
}

}  // namespace cachestorm::models
