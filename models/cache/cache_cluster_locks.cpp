// CacheCluster's lock commands for distributed single-flight (models/cache/cache_cluster.hpp).
#include "models/cache/cache_cluster.hpp"
#include "models/cache/redis_memory.hpp"

namespace cachestorm::models {
namespace {
constexpr uint32_t kLockPrefixBytes = 5;   // "lock:"
constexpr uint32_t kLockTokenBytes = 10;   // the owner's token, as decimal digits
}  // namespace

double CacheCluster::command_bytes(uint32_t op, uint32_t key) const {
  switch (op) {
    case kGet: return 0.0;  // request messages count as latency only (models/network_paths.hpp)
    case kSet: return parts_.keys.value_bytes(key);
    case kLock:
    case kUnlock: return parts_.keys.name_bytes(key) + kLockPrefixBytes + kLockTokenBytes;
    case kWriteSet: return parts_.keys.name_bytes(key) + parts_.keys.value_bytes(key);
    default: return parts_.keys.name_bytes(key);  // kWriteDel
  }
}

uint32_t CacheCluster::lock_bytes(uint32_t key) const {
  return static_cast<uint32_t>(
      entry_bytes(memory_, parts_.keys.name_bytes(key) + kLockPrefixBytes, kLockTokenBytes, true));
}

void CacheCluster::send_lock(uint32_t app, uint32_t request, double now) {
  const uint32_t key = parts_.requests[request].key;
  lanes_.push(route(app, shard_of(key)), now, command_bytes(kLock, key), request, kLock);
}

void CacheCluster::send_unlock(uint32_t app, uint32_t request, double now) {
  const uint32_t key = parts_.requests[request].key;
  ++parts_.requests[request].holds;
  lanes_.push(route(app, shard_of(key)), now, command_bytes(kUnlock, key), request, kUnlock);
}

void CacheCluster::serve_lock(CacheNode& shard, uint32_t lane, uint32_t request, double arrive_s) {
  if (refused_while_down(shard, lane, request, arrive_s, kLock)) return;
  const uint32_t key = parts_.requests[request].key;
  const double start = start_command(shard, arrive_s);
  int64_t added = 0;
  const uint32_t key_class = parts_.keys.class_of(key);
  const bool granted = shard.locks.try_take(key, request, start, needs_[key_class].lock_ttl_s, lock_bytes(key), &added);
  if (added != 0) {
    shard.cache.hold_bytes(added);
    record_memory(shard, start);
  }
  const double done = record_service(shard, arrive_s, costs_.set_nx_px.of(kLockTokenBytes), kNoSlot, kNoSlot);
  if (reply_too_late(lane, request, done, 0.0, arrive_s)) return;
  replies_.push(lane, done, 0.0, request, granted ? kLockGranted : kLockDenied);
}

void CacheCluster::serve_unlock(CacheNode& shard, uint32_t lane, uint32_t request, double arrive_s) {
  if (shard.ok || (lane_open(lane) && serves(shard))) {
    const uint32_t key = parts_.requests[request].key;
    const double start = shard.server.start_of(arrive_s);
    if (const uint32_t freed = shard.locks.release(key, request, start)) {
      shard.cache.hold_bytes(-static_cast<int64_t>(freed));
      record_memory(shard, start);
    }
    record_service(shard, arrive_s, costs_.del.of(0.0), kNoSlot, kNoSlot);
  } else {
    shard.by_arrival->add(shard.refused, arrive_s);
  }
  parts_.requests.release(request);
}

void CacheCluster::offer_lease(CacheNode& shard, uint32_t request, double start) {
  Request& r = parts_.requests[request];
  int64_t added = 0;
  r.holds_lock = shard.locks.try_take(r.key, request, start, needs_[parts_.keys.class_of(r.key)].lock_ttl_s,
                                      lock_bytes(r.key), &added);
  if (added == 0) return;
  shard.cache.hold_bytes(added);
  record_memory(shard, start);
}

bool CacheCluster::take_back_lease(CacheNode& shard, uint32_t request, double start) {
  const uint32_t key = parts_.requests[request].key;
  if (!shard.locks.held_by(key, request, start)) return false;
  shard.cache.hold_bytes(-static_cast<int64_t>(shard.locks.release(key, request, start)));
  return true;
}

}  // namespace cachestorm::models
