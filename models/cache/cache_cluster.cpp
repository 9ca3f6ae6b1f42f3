#include "models/cache/cache_cluster.hpp"

#include <algorithm>
#include <limits>


namespace cachestorm::models {
namespace {

constexpr const char* kByStart = "start time of the command";
const MetricFamily kClassHits{"key_class_hits", "count", "GETs for the class's keys that found a valid entry",
                              MetricKind::kCounter, "key_class", kByStart};
const MetricFamily kClassMisses{"key_class_misses", "count", "GETs for the class's keys that found none",
                                MetricKind::kCounter, "key_class", kByStart};
}  // namespace

CacheCluster::CacheCluster(const CacheConfig& config, const PlaneParts& parts, uint32_t app_count,
                           const sim::RngStreams& streams, uint16_t id)
    : parts_(parts),
      id_(id),
      shard_count_(config.nodes),
      replicas_(config.replicas_per_shard),
      node_count_(config.node_count()),
      failover_(config.failover.get()),
      full_coverage_(config.failover->full_coverage()),
      refresh_(config.topology_refresh),
      extra_lag_(config.replication.extra_lag_s.get()),
      failover_rng_(streams.stream("cache/failover")),
      lag_rng_(streams.stream("cache/replication_lag")),
      persistence_(config.persistence),
      costs_(config.commands),
      memory_(config.memory),
      expiry_(config.active_expiry),
      limited_(config.memory.maxmemory_bytes != 0),
      slots_(config),
      where_(1 + config.replicas_per_shard, std::vector<uint32_t>(parts.keys.key_count(), ShardEntries::kNotResident)) {
  read_replicas_ = config.read_replicas;
  nodes_.reserve(node_count_);
  for (uint32_t n = 0; n < node_count_; ++n) {
    const std::string label = node_label(n);
    nodes_.emplace_back(config, where_[n / shard_count_], streams.stream("cache/shard/" + label), parts.metrics, label);
    nodes_.back().shard = n % shard_count_;
    nodes_.back().serving = n < shard_count_;
  }
  add_class_series();
  for (uint32_t a = 0; a < app_count; ++a)
    for (uint32_t n = 0; n < node_count_; ++n) {
      lanes_.add_lane(parts.paths.app_cache[a][n], n);  // grouped by the node they reach
      lane_node_.push_back(n);
    }
  for (uint32_t a = 0; a < app_count; ++a)
    for (uint32_t n = 0; n < node_count_; ++n) replies_.add_lane(parts.paths.app_cache[a][n]);
  for (uint32_t a = 0; a < app_count; ++a)
    for (uint32_t s = 0; s < shard_count_; ++s) {
      view_.push_back(s);
      if (read_replicas_) read_view_.push_back((1 + a % replicas_) * shard_count_ + s);  // spread over the replicas
    }
  last_refresh_.assign(app_count, -std::numeric_limits<double>::infinity());
  refresh_pending_.assign(app_count, false);
  if (replicas_ != 0) start_replication();
  if (persistence_.type != PersistenceConfig::Type::kNone) start_persistence();
  next_tick_.assign(node_count_, std::numeric_limits<double>::infinity());
  if (expiry_.hz > 0.0)
    for (uint32_t n = 0; n < node_count_; ++n) schedule(1.0 / expiry_.hz, kExpiryTick, n);
  if (refresh_.periodic_s > 0.0)
    for (uint32_t a = 0; a < app_count; ++a) schedule(refresh_.periodic_s, kPeriodicRefresh, a);
}

void CacheCluster::add_class_series() {
  // Per key class, over every node: each node records into the class's series by itself.
  for (size_t c = 0; c < parts_.keys.class_count(); ++c) {
    const SeriesId hits = parts_.metrics.series(kClassHits, parts_.keys.key_class(c).name);
    const SeriesId misses = parts_.metrics.series(kClassMisses, parts_.keys.key_class(c).name);
    for (CacheNode& node : nodes_) {
      node.class_hits.push_back(node.by_start->slot(hits));
      node.class_misses.push_back(node.by_start->slot(misses));
    }
  }
}

std::string CacheCluster::node_label(uint32_t node) const { return cache_node_label(node, shard_count_); }

void CacheCluster::connect(CacheClient* client, std::vector<ReplyNeeds> needs) {
  client_ = client;
  needs_ = std::move(needs);
  if (std::any_of(needs_.begin(), needs_.end(), [](const ReplyNeeds& n) { return n.entry; }))
    recompute_s_.assign(parts_.keys.key_count(), 0.0f);
}

void CacheCluster::send_get(uint32_t app, uint32_t request, double now) {
  const uint32_t key = parts_.requests[request].key;
  const uint32_t shard = shard_of(key);
  const uint32_t key_class = parts_.keys.class_of(key);
  const uint32_t lane = read_route(app, shard, key_class);
  if (at_send_ && serve_at_send(lane, request, key_class, now)) return;
  nodes_[lane_node_[lane]].cache.prefetch(key);  // read when the GET starts, a link latency later
  if (!recompute_s_.empty()) __builtin_prefetch(&recompute_s_[key]);
  parts_.keys.prefetch(key);           // read by the app when a hit comes back
  lanes_.push(lane, now, 0.0, request, kGet);
}

void CacheCluster::send_set(uint32_t app, uint32_t request, double now) {
  const uint32_t key = parts_.requests[request].key;
  lanes_.push(route(app, shard_of(key)), now, parts_.keys.value_bytes(key), request, kSet);
}

void CacheCluster::serve_next() {
  uint32_t lane = 0;
  const double now = lanes_.next_time();
  if (replies_.next_time() < now) {
    const double reply_s = replies_.next_time();
    const LaneMessage reply = replies_.pop(&lane);
    deliver_reply(lane, reply, reply_s);
    return;
  }
  const LaneMessage message = lanes_.pop(&lane);
  if (lane >= repl_base_ && replicas_ != 0) {
    serve_replicated(lane - repl_base_, message, now);
    return;
  }
  CacheNode& shard = nodes_[lane_node_[lane]];
  switch (message.op) {
    case kGet: serve_get(shard, lane, message.ref, now); return;
    case kSet: serve_set(shard, lane, message.ref, now); return;
    case kLock: serve_lock(shard, lane, message.ref, now); return;
    case kWriteSet: serve_write(shard, lane, message.ref, true, now); return;
    case kWriteDel: serve_write(shard, lane, message.ref, false, now); return;
    default: serve_unlock(shard, lane, message.ref, now); return;
  }
}

void CacheCluster::deliver_reply(uint32_t lane, const LaneMessage& message, double now) {
  switch (message.op) {
    case kHitReply:
      client_->on_cache_reply(message.ref, CacheReply::kHit, now);
      return;
    case kMissReply:
      client_->on_cache_reply(message.ref, CacheReply::kMiss, now);
      return;
    case kOomReply:
      client_->on_set_refused(lane / node_count_, now);
      return;
    case kLockGranted:
    case kLockDenied:
      client_->on_lock_reply(message.ref, message.op == kLockGranted, now);
      return;
    case kWriteDone:
    case kWriteRefused:
      client_->on_write_reply(message.ref, message.op == kWriteDone, now);
      return;
    default:
      return;
  }
}

void CacheCluster::make_room(CacheNode& shard, double start) {
  if (const uint32_t evicted = shard.cache.make_room(start)) {
    shard.by_start->add(shard.evictions, start, evicted);
    record_memory(shard, start);
    if (staleness_ != nullptr || replicas_ != 0) note_evictions(shard, start);
  }
}

bool CacheCluster::refused_while_down(CacheNode& shard, uint32_t lane, uint32_t request, double arrive_s,
                                      uint32_t op) {
  if (shard.ok) return false;
  if (!lane_open(lane)) {  // nothing comes back: a timeout
    shard.by_arrival->add(shard.refused, arrive_s);
    client_->on_cache_silent(request, arrive_s);
    if (replicas_ != 0) note_failure(lane / node_count_, std::max(parts_.requests[request].cache_deadline_s, arrive_s));
    return true;
  }
  if (serves(shard)) return false;
  if (shard.up && !shard.loading && !shard.serving && !shard.minority_down && !cluster_down()) {
    redirect_later(lane, request, op, arrive_s);
    return true;
  }
  shard.by_arrival->add(shard.refused, arrive_s);
  double failed_at = parts_.requests[request].cache_deadline_s;  // a timeout
  if (shard.host_up) {  // an error reply at once
    failed_at = std::min(replies_.pass(lane, arrive_s, 0.0), failed_at);
    client_->on_cache_error(request, failed_at, arrive_s);
  } else {
    client_->on_cache_silent(request, arrive_s);
  }
  if (replicas_ != 0) note_failure(lane / node_count_, std::max(failed_at, arrive_s));
  return true;
}

void CacheCluster::serve_get(CacheNode& shard, uint32_t lane, uint32_t request, double arrive_s) {
  if (!shard.serving && replica_reads(shard, lane)) return serve_replica_get(shard, lane, request, arrive_s);
  if (refused_while_down(shard, lane, request, arrive_s, kGet)) return;
  Request& r = parts_.requests[request];
  const uint32_t key = r.key;
  const double start = start_command(shard, arrive_s);
  r.found_at_s = start;
  const uint32_t key_class = parts_.keys.class_of(key);
  const bool wants_entry = needs_[key_class].entry;
  const ShardCache::Found found = shard.cache.get(key, start, wants_entry ? &r.found_expires_s : nullptr);
  const bool hit = found == ShardCache::Found::kHit;
  if (found == ShardCache::Found::kExpired) {
    shard.by_start->add(shard.expired_lazy, start);
    record_memory(shard, start);
    replicate(shard, Change::kDel, key, 0.0, false, start);
  }
  if (hit && wants_entry) r.found_recompute_s = recompute_s_[key];
  if (staleness_ != nullptr) {
    if (hit) r.stale_age_s = staleness_->age_of_cached(key, start);
    else staleness_->source().prefetch(key);  // a miss's origin read asks the source's version
  }
  if (!hit && needs_[key_class].lease) offer_lease(shard, request, start);
  const double bytes = hit ? parts_.keys.value_bytes(key) : 0.0;
  const double done = record_service(shard, arrive_s, costs_.get.of(bytes), hit ? shard.hits : shard.misses,
                                     hit ? shard.class_hits[key_class] : shard.class_misses[key_class]);
  send_reply(lane, request, hit, done, bytes, key_class, arrive_s);
}

bool CacheCluster::reply_too_late(uint32_t lane, uint32_t request, double done, double bytes, double now) {
  if (replies_.lane(lane).arrival_of(done, bytes) <= parts_.requests[request].cache_deadline_s) return false;
  replies_.pass(lane, done, bytes);  // it holds up the replies behind it; nobody takes it
  client_->on_cache_silent(request, now);
  return true;
}

void CacheCluster::send_reply(uint32_t lane, uint32_t request, bool hit, double done, double bytes,
                              uint32_t key_class, double now) {
  if (reply_too_late(lane, request, done, bytes, now)) return;
  const ReplyNeeds& needs = needs_[key_class];
  if (needs.ordered || !hit) {  // a miss starts a fetch: app state changes
    if (needs.reply_times) client_->on_reply_known(request, replies_.lane(lane).arrival_of(done, bytes));
    replies_.push(lane, done, bytes, request, hit ? kHitReply : kMissReply);
  } else {
    client_->on_cache_reply(request, hit ? CacheReply::kHit : CacheReply::kMiss, replies_.pass(lane, done, bytes));
  }
}

void CacheCluster::serve_set(CacheNode& shard, uint32_t lane, uint32_t request, double arrive_s) {
  const uint32_t key = parts_.requests[request].key;
  serve_fill(shard, lane, request, arrive_s);
  if (staleness_ != nullptr) staleness_->source().unwatch(key);  // watched since its origin read
}

void CacheCluster::serve_fill(CacheNode& shard, uint32_t lane, uint32_t request, double arrive_s) {
  if (!shard.ok && !fill_goes_ahead(shard, lane, request, arrive_s)) return;
  const Request& r = parts_.requests[request];
  const uint32_t key = r.key;
  const double start = start_command(shard, arrive_s);
  const uint32_t value_bytes = parts_.keys.value_bytes(key);
  if (needs_[parts_.keys.class_of(key)].lease && !take_back_lease(shard, request, start)) {
    parts_.requests.release(request);
    record_service(shard, arrive_s, costs_.set.of(value_bytes), shard.lease_rejected, kNoSlot);
    return;
  }
  const bool stored = shard.cache.set(key, start, start + r.fill_ttl_s, parts_.keys.name_bytes(key), value_bytes);
  if (stored && !recompute_s_.empty()) recompute_s_[key] = r.fill_recompute_s;
  parts_.requests.release(request);
  const double done = record_service(shard, arrive_s, costs_.set.of(value_bytes), stored ? shard.fills : shard.oom,
                                     kNoSlot);
  if (stored) {
    record_memory(shard, start);
    replicate(shard, Change::kSet, key, start + r.fill_ttl_s, true, start, r.version);
    if (staleness_ != nullptr) staleness_->stored(key, r.version, start + r.fill_ttl_s, start);
    client_->on_filled(key, arrive_s);
  } else {
    replies_.push(lane, done, 0.0, 0, kOomReply);
  }
}

bool CacheCluster::fill_goes_ahead(CacheNode& node, uint32_t lane, uint32_t request, double arrive_s) {
  const bool open = lane_open(lane);
  if (open && serves(node)) return true;
  if (open && node.up && !node.loading && !node.serving && !node.minority_down && !cluster_down()) {
    redirect_later(lane, request, kSet, arrive_s);
    return false;
  }
  node.by_arrival->add(node.refused, arrive_s);  // lost: a fill is fire-and-forget, nobody retries it
  parts_.requests.release(request);
  return false;
}

void CacheCluster::on_event(uint16_t kind, uint32_t ref, double now) {
  if (kind != kExpiryTick && kind != kPeriodicRefresh && kind != kRefresh) --state_events_;
  switch (kind) {
    case kExpiryTick: {
      CacheNode& node = nodes_[ref];
      if (node.up && !node.loading && node.serving) serve_expiry_cycle(node, now);  // replicas wait for their primary's DELs
      schedule(now + 1.0 / expiry_.hz, kExpiryTick, ref);
      return;
    }
    case kFailoverPhase: on_failover_phase(ref, now); return;
    case kRefresh:
      refresh_pending_[ref] = false;
      refresh_view(ref, now);
      return;
    case kPeriodicRefresh:
      refresh_view(ref, now);
      schedule(now + refresh_.periodic_s, kPeriodicRefresh, ref);
      return;
    case kResyncDone: copy_primary(ref, now); return;
    case kSave: save(ref, now); return;
    case kLoadDone: finish_loading(ref, now); return;
    case kMinorityDown: notice_minority(ref, now); return;
    default: redirect(ref, kind - kRedirect, now); return;
  }
}

void CacheCluster::serve_expiry_cycle(CacheNode& shard, double now) {
  const double start = shard.server.start_of(now);
  const ShardCache::Cycle cycle = shard.cache.active_expire(start, expiry_);
  if (cycle.examined == 0) return;
  const double cpu_s = cycle.cpu_s * shard.slow.factor();
  shard.server.serve(now, cpu_s);
  shard.by_start->add(shard.busy, start, cpu_s);
  if (cycle.expired == 0) return;
  shard.by_start->add(shard.expired_active, start, cycle.expired);
  record_memory(shard, start);
  if (replicas_ != 0) {
    replicate_removed(shard, expired_, start);
    expired_.clear();
  }
}

uint64_t CacheCluster::resident_keys(double t) const {
  uint64_t count = 0;
  for (uint32_t shard = 0; shard < shard_count_; ++shard) {
    const ShardEntries& entries = serving(shard).cache.entries();
    for (uint32_t i = 0; i < entries.size(); ++i) count += t < entries.at(i).expires_at ? 1 : 0;
  }
  return count;
}

}  // namespace cachestorm::models
