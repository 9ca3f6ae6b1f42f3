// The sharded Redis tier: S shards, each a single-threaded server (models/cache/shard_server.hpp)
// on its own host, holding the entries of the hash slots it owns (slot = CRC16(key name) mod
// 16384, models/cache/hash_slot.hpp; slots spread evenly, or as cache.slot_ranges says).
// Application instances talk to each shard over one FIFO connection per (instance, shard): a
// GET or SET arrives in send order, then waits for the shard (Lindley), and takes effect when it
// starts: a GET reads the entry then, a SET stores it then until then + its class's TTL. Expiry
// is lazy (the first GET after the TTL finds the entry expired and removes it). A GET's reply is
// handed to the app with the instant it reaches the app (done + the value's transfer).
// A shard that goes down loses its entries and its queue; commands arriving while it is down get
// no reply (GET) or are lost (SET). Commands already queued when it fails still complete: the
// failure acts on arrivals after it. No memory limit or eviction yet (issue 7).
// Per-shard metrics (label "shard"): commands, hits, misses, expired, fills, refused, busy
// seconds (utilisation), queue peak and queueing delay. The cluster has no calendar events: the
// plane merges its lanes (models/core/lane_set.hpp) with the calendar and the sources.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "models/cache/shard_server.hpp"
#include "models/core/lane_set.hpp"
#include "models/core/plane_parts.hpp"
#include "models/metrics/window_accumulator.hpp"
#include "models/scenario.hpp"

namespace cachestorm::models {

enum class CacheReply : uint8_t { kHit, kMiss, kUnavailable };

// Who gets GET replies (the application tier).
class CacheClient {
 public:
  virtual ~CacheClient() = default;
  // The GET of `request` reached its shard at now; its reply reaches the app at reply_s (for
  // kUnavailable no reply ever comes, and reply_s = now).
  virtual void on_cache_reply(uint32_t request, CacheReply reply, double reply_s, double now) = 0;
};

class CacheCluster {
 public:
  // REQUIRES: config.nodes shards fit the paths; keys has slots when config.nodes > 1.
  CacheCluster(const CacheConfig& config, const PlaneParts& parts, uint32_t app_count);
  void connect(CacheClient* client) { client_ = client; }

  uint32_t shard_of(uint32_t key) const { return shard_count_ == 1 ? 0 : slot_owner_[parts_.keys.slot(key)]; }
  // An app instance sends GET for the request's key at now.
  void send_get(uint32_t app, uint32_t request, double now);
  // An app instance sends SET key (the key's value) at now.
  void send_set(uint32_t app, uint32_t key, double now);
  // When the next command reaches its shard (infinity: none in flight); the plane merges it.
  double next_arrival() const { return lanes_.next_time(); }
  // Serves that command. REQUIRES: the plane's clock is at next_arrival().
  void serve_next();
  void set_shard_up(uint32_t shard, bool up);

  // Keys valid at time t (a scan: for summaries, not the request path).
  uint64_t resident_keys(double t) const;
  uint32_t shard_count() const { return shard_count_; }

 private:
  enum Op : uint32_t { kGet, kSet };
  struct Shard {
    ShardServer server;
    bool up = true;
    // Records filed by command start and by command arrival: each comes in time order.
    std::unique_ptr<WindowAccumulator> by_start, by_arrival;
    uint32_t commands, hits, misses, expired, fills, busy;  // slots of by_start
    std::vector<uint32_t> class_hits, class_misses;         // slots of by_start, per key class
    uint32_t refused, queue_peak, queue_delay;              // slots of by_arrival
  };
  uint32_t lane_of(uint32_t app, uint32_t shard) const { return app * shard_count_ + shard; }
  // Starts loading the key's entry (read when its GET starts, a link latency later).
  void prefetch(uint32_t key) const { __builtin_prefetch(&expires_at_[key]); }
  void serve_get(Shard& shard, uint32_t lane, uint32_t request, double arrive_s);
  void serve_set(Shard& shard, uint32_t key, double arrive_s);
  // Serves a command and records it: commands, busy time and +1 in the by_start slots outcome
  // and key_class (kNoSlot: none) at its start; queue peak and queueing delay at its arrival.
  double record_service(Shard& shard, double arrive_s, double service_s, uint32_t outcome, uint32_t key_class);
  static constexpr uint32_t kNoSlot = UINT32_MAX;

  static constexpr double kAbsent = -1.0;
  PlaneParts parts_;
  uint32_t shard_count_;
  ShardServiceTimes costs_;
  CacheClient* client_ = nullptr;
  std::vector<uint16_t> slot_owner_;  // [slot] -> shard
  std::vector<Shard> shards_;
  LaneSet lanes_;                     // [app * shards + shard]
  std::vector<uint32_t> lane_shard_;  // [lane] -> its shard
  std::vector<double> expires_at_;    // [key]: kAbsent, or when the entry stops being valid
};

}  // namespace cachestorm::models
