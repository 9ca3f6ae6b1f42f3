// The lock keys of distributed single-flight on one shard (and the leases of single_flight scope
// lease, the same table: a lease is a lock the GET miss takes and the SET gives back): SET lock:<key> <owner> NX PX <ttl>
// and a compare-and-delete (a script that deletes the lock only if it still holds the owner's
// token, so a holder whose lock expired cannot delete a successor's). Kept by key id, beside the
// keyspace rather than in it: a lock lives until its TTL or its owner's delete, never evicted
// (Redis could evict it under allkeys-* policies; with a TTL of seconds that is rare, and losing a
// lock only costs a duplicate fetch). Its memory (a key with a TTL and a short value) is held in
// the shard's used memory, so a shard at maxmemory evicts data to make room for locks.
#pragma once
#include <cstdint>

#include "models/core/key_map.hpp"

namespace cachestorm::models {

class ShardLocks {
 public:
  // SET NX PX at now: takes the lock for `owner` until now + ttl_s and returns true if no live
  // lock holds the key (an expired one is replaced); else false. *bytes_added: memory taken.
  bool try_take(uint32_t key, uint32_t owner, double now, double ttl_s, uint32_t bytes, int64_t* bytes_added) {
    bool added = false;
    Lock& lock = locks_.try_emplace(key, Lock{now + ttl_s, owner, bytes}, &added);
    *bytes_added = added ? bytes : 0;
    if (added) return true;
    if (lock.expires_at > now) return false;
    lock = Lock{now + ttl_s, owner, bytes};
    return true;
  }
  // The owner's delete at now: removes the lock if the owner still holds it (live or expired:
  // Redis would have expired it already, and the memory goes either way). Returns the bytes freed.
  uint32_t release(uint32_t key, uint32_t owner, double now) {
    Lock* lock = locks_.find(key);
    if (lock == nullptr) return 0;
    if (lock->owner != owner && lock->expires_at > now) return 0;
    const uint32_t bytes = lock->bytes;
    locks_.erase(key);
    return bytes;
  }
  // Whether `owner` holds a live lock (a lease) on the key at now.
  bool held_by(uint32_t key, uint32_t owner, double now) {
    const Lock* lock = locks_.find(key);
    return lock != nullptr && lock->owner == owner && lock->expires_at > now;
  }
  void clear() { locks_.clear(); }

 private:
  struct Lock {
    double expires_at;
    uint32_t owner;  // the request that took it (alive until its delete is served)
    uint32_t bytes;
  };
  KeyMap<Lock> locks_;
};

}  // namespace cachestorm::models
