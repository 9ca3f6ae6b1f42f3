#include "models/cache/cache_cluster.hpp"

#include <algorithm>

#include "models/cache/hash_slot.hpp"

namespace cachestorm::models {
namespace {

constexpr const char* kByStart = "start time of the command";
const MetricFamily kCommands{"shard_commands", "count", "commands the shard served (GET and SET)",
                             MetricKind::kCounter, "shard", kByStart};
const MetricFamily kHits{"shard_hits", "count", "GETs that found a valid entry", MetricKind::kCounter, "shard",
                         kByStart};
const MetricFamily kMisses{"shard_misses", "count", "GETs that found none (expired ones included)",
                           MetricKind::kCounter, "shard", kByStart};
const MetricFamily kExpired{"shard_expired", "count", "GETs that found an entry past its TTL (and removed it)",
                            MetricKind::kCounter, "shard", kByStart};
const MetricFamily kFills{"shard_fills", "count", "SETs stored (cache fills after origin reads)",
                          MetricKind::kCounter, "shard", kByStart};
const MetricFamily kClassHits{"key_class_hits", "count", "GETs for the class's keys that found a valid entry",
                              MetricKind::kCounter, "key_class", kByStart};
const MetricFamily kClassMisses{"key_class_misses", "count", "GETs for the class's keys that found none",
                                MetricKind::kCounter, "key_class", kByStart};
const MetricFamily kRefused{"shard_refused", "count", "commands that reached the shard while it was down",
                            MetricKind::kCounter, "shard", "arrival time of the command"};
const MetricFamily kBusy{"shard_busy_s", "s", "service time given (per one-second window: the utilisation)",
                         MetricKind::kCounter, "shard", kByStart};
const MetricFamily kQueuePeak{"shard_queue_peak", "commands", "most commands queued or in service at an arrival",
                              MetricKind::kPeak, "shard", "arrival time of the command"};
const MetricFamily kQueueDelay{"shard_queue_delay", "s", "time commands waited for the shard before starting",
                               MetricKind::kLatency, "shard", "arrival time of the command"};

std::vector<uint16_t> slot_owners(const CacheConfig& config) {
  std::vector<uint16_t> owner(kHashSlots);
  if (config.slot_ranges.empty()) {
    for (uint32_t slot = 0; slot < kHashSlots; ++slot)
      owner[slot] = static_cast<uint16_t>(uint64_t{slot} * config.nodes / kHashSlots);
    return owner;
  }
  for (const auto& range : config.slot_ranges)
    for (uint32_t slot = range.first; slot <= range.last; ++slot) owner[slot] = static_cast<uint16_t>(range.shard);
  return owner;
}

}  // namespace

CacheCluster::CacheCluster(const CacheConfig& config, const PlaneParts& parts, uint32_t app_count)
    : parts_(parts),
      shard_count_(config.nodes),
      costs_(config.commands),
      slot_owner_(slot_owners(config)),
      shards_(config.nodes) {
  for (uint32_t s = 0; s < shard_count_; ++s) {
    Shard& shard = shards_[s];
    const std::string label = std::to_string(s);
    MetricTable& m = parts.metrics;
    shard.by_start = std::make_unique<WindowAccumulator>(m);
    shard.by_arrival = std::make_unique<WindowAccumulator>(m);
    WindowAccumulator& at_start = *shard.by_start;
    WindowAccumulator& at_arrival = *shard.by_arrival;
    shard.commands = at_start.slot(m.series(kCommands, label));
    shard.hits = at_start.slot(m.series(kHits, label));
    shard.misses = at_start.slot(m.series(kMisses, label));
    shard.expired = at_start.slot(m.series(kExpired, label));
    shard.fills = at_start.slot(m.series(kFills, label));
    shard.refused = at_arrival.slot(m.series(kRefused, label));
    shard.busy = at_start.slot(m.series(kBusy, label));
    shard.queue_peak = at_arrival.slot(m.series(kQueuePeak, label));
    shard.queue_delay = at_arrival.slot(m.series(kQueueDelay, label));
  }
  // Per key class, over every shard: each shard records into the class's series by itself.
  for (size_t c = 0; c < parts.keys.class_count(); ++c) {
    const SeriesId hits = parts.metrics.series(kClassHits, parts.keys.key_class(c).name);
    const SeriesId misses = parts.metrics.series(kClassMisses, parts.keys.key_class(c).name);
    for (Shard& shard : shards_) {
      shard.class_hits.push_back(shard.by_start->slot(hits));
      shard.class_misses.push_back(shard.by_start->slot(misses));
    }
  }
  for (uint32_t a = 0; a < app_count; ++a)
    for (uint32_t s = 0; s < shard_count_; ++s) {
      lanes_.add_lane(parts.paths.app_cache[a][s]);
      lane_shard_.push_back(s);
    }
  const uint32_t keys = parts.keys.key_count();
  expires_at_.assign(keys, kAbsent);
  if (config.warm_start)
    for (uint32_t k = 0; k < keys; ++k) expires_at_[k] = parts.keys.ttl_s(k);
}

void CacheCluster::send_get(uint32_t app, uint32_t request, double now) {
  const uint32_t key = parts_.requests[request].key;
  prefetch(key);  // read when the GET starts, a link latency later
  parts_.keys.prefetch(key);
  lanes_.push(lane_of(app, shard_of(key)), now, 0.0, request, kGet);
}

void CacheCluster::send_set(uint32_t app, uint32_t key, double now) {
  lanes_.push(lane_of(app, shard_of(key)), now, parts_.keys.value_bytes(key), key, kSet);
}

void CacheCluster::serve_next() {
  uint32_t lane = 0;
  const double now = lanes_.next_time();
  const LaneMessage message = lanes_.pop(&lane);
  Shard& shard = shards_[lane_shard_[lane]];
  if (message.op == kGet) {
    serve_get(shard, lane, message.ref, now);
  } else {
    serve_set(shard, message.ref, now);
  }
}

double CacheCluster::record_service(Shard& shard, double arrive_s, double service_s, uint32_t outcome,
                                    uint32_t key_class) {
  const ShardServer::Served served = shard.server.serve(arrive_s, service_s);
  WindowAccumulator& at_start = *shard.by_start;
  at_start.add(shard.commands, served.start_s);
  at_start.add(shard.busy, served.start_s, service_s);
  at_start.add(outcome, served.start_s);
  if (key_class != kNoSlot) at_start.add(key_class, served.start_s);
  shard.by_arrival->peak(shard.queue_peak, arrive_s, served.in_system_before + 1.0);
  shard.by_arrival->observe(shard.queue_delay, arrive_s, served.start_s - arrive_s);
  return served.done_s;
}

void CacheCluster::serve_get(Shard& shard, uint32_t lane, uint32_t request, double arrive_s) {
  if (!shard.up) {
    shard.by_arrival->add(shard.refused, arrive_s);
    client_->on_cache_reply(request, CacheReply::kUnavailable, arrive_s, arrive_s);
    return;
  }
  const uint32_t key = parts_.requests[request].key;
  const double start = shard.server.start_of(arrive_s);
  double& expires = expires_at_[key];
  const bool hit = start < expires;
  if (!hit && expires != kAbsent) {
    expires = kAbsent;
    shard.by_start->add(shard.expired, start);
  }
  const uint32_t key_class = parts_.keys.class_of(key);
  const double bytes = hit ? parts_.keys.value_bytes(key) : 0.0;
  const double done = record_service(shard, arrive_s, costs_.get.of(bytes), hit ? shard.hits : shard.misses,
                                     hit ? shard.class_hits[key_class] : shard.class_misses[key_class]);
  client_->on_cache_reply(request, hit ? CacheReply::kHit : CacheReply::kMiss,
                          done + lanes_.lane(lane).path().transfer_s(bytes), arrive_s);
}

void CacheCluster::serve_set(Shard& shard, uint32_t key, double arrive_s) {
  if (!shard.up) {
    shard.by_arrival->add(shard.refused, arrive_s);
    return;
  }
  const double start = shard.server.start_of(arrive_s);
  expires_at_[key] = start + parts_.keys.ttl_s(key);
  record_service(shard, arrive_s, costs_.set.of(parts_.keys.value_bytes(key)), shard.fills, kNoSlot);
}

void CacheCluster::set_shard_up(uint32_t index, bool up) {
  Shard& shard = shards_[index];
  shard.up = up;
  if (up) return;
  shard.server.reset();
  for (uint32_t key = 0; key < expires_at_.size(); ++key)
    if (shard_of(key) == index) expires_at_[key] = kAbsent;
}

uint64_t CacheCluster::resident_keys(double t) const {
  uint64_t count = 0;
  for (double expires : expires_at_) count += t < expires ? 1 : 0;
  return count;
}

}  // namespace cachestorm::models
