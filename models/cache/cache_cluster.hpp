// The sharded Redis tier: S shards, each a primary node (a redis-server, models/cache/cache_node.hpp)
// and replicas_per_shard replicas, every node on its own host, holding the entries of the hash
// slots its shard owns (slot = CRC16(key name) mod 16384, models/cache/hash_slot.hpp; slot ->
// shard -> serving node in models/cache/slot_map.hpp) in a keyspace with Redis's memory limit,
// eviction and expiry (models/cache/shard_cache.hpp).
// Application instances talk to each node over one FIFO connection per (instance, node), and
// send a shard's commands to the node their own view of the topology names (the first primary
// until they refresh it: models/cache/cache_cluster_failover.cpp). A GET or SET arrives in send
// order, then waits for the node (Lindley), and takes effect when it starts: first the node
// evicts while over maxmemory, then a GET reads the entry (an expired one is removed: lazy
// expiry), a SET stores it until then + its class's TTL, or fails with OOM. A GET's reply, and a
// SET's OOM error, leave when the command ends and travel back over the (node, instance)
// connection, in order; the app gets them when they arrive. A reply that would arrive after the
// request's cache_deadline_s still travels (it holds up the replies behind it), but the app is
// told at the node that none will come in time. Where nothing can reach a node before a GET
// does, the GET is served at its send instead, with the same result
// (models/cache/cache_cluster_at_send.cpp).
// Distributed single-flight's lock keys (SET NX PX, compare-and-delete) are served like any
// command, in order, costing node time and memory (models/cache/shard_locks.hpp); with leases a
// GET miss hands out the key's lease (memcache style) and a SET without a live lease is rejected.
// Each primary runs Redis's active expiry cycle hz times a second as a command of its own (a
// calendar event at the tick; it waits for the commands that arrived before it and holds the
// node for its CPU time).
// Replicas (models/cache/cache_cluster_replication.cpp) receive every keyspace change of their
// primary over a replication stream; with cache.read_from "replica" they serve the GETs of the
// instances that read from them (models/cache/cache_cluster_replica_reads.cpp), else nothing. A node that goes
// down loses its entries and its queue; commands arriving while it is down get no reply (GET) or
// are lost (SET); a command reaching a node that is up but no longer its shard's primary gets
// MOVED and is sent again to the primary. Commands already queued when a node fails still
// complete: the failure acts on arrivals after it.
// Per-node metrics (label "shard": "<shard>" for the node that starts as the shard's primary,
// "<shard>r<k>" for its replica k): commands, hits, misses, lazy and active expirations,
// evictions, OOM errors, fills, refused, busy seconds (utilisation), queue peak and queueing
// delay, used memory and resident keys (gauges); with replicas, replication lag. The plane merges
// the cluster's lanes (models/core/lane_set.hpp) with the calendar and the sources.
#pragma once
#include <algorithm>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "models/cache/shard_cache.hpp"
#include "models/cache/shard_locks.hpp"
#include "models/cache/shard_server.hpp"
#include "models/core/lane_set.hpp"
#include "models/core/plane_parts.hpp"
#include "models/core/warm_up.hpp"
#include "models/faults/fault_change.hpp"
#include "models/metrics/window_accumulator.hpp"
#include "models/cache/cache_config.hpp"
#include "models/cache/cache_node.hpp"
#include "models/cache/slot_map.hpp"
#include "models/cache/failover/failover_record.hpp"
#include "models/writes/staleness_ledger.hpp"

namespace cachestorm::models {

enum class CacheReply : uint8_t { kHit, kMiss };

// Who gets the cache's answers (the application tier). Answers travel back over one FIFO
// connection per (shard, instance) and are handed over at the instant they arrive; a hit for a
// key class whose replies need no order (see CacheCluster::connect) is handed over when its
// shard serves the GET, with the instant it will arrive (a hit then only answers the client).
// Misses always come in order: each starts a fetch, which changes state in the app tier.
class CacheClient {
 public:
  virtual ~CacheClient() = default;
  // The GET of `request` has its reply at its instance now (a hit of a class without ordered
  // replies: it will have it at now, which may be later than the plane's clock).
  virtual void on_cache_reply(uint32_t request, CacheReply reply, double now) = 0;
  // The GET of `request` reached its shard at now and no reply will reach its instance by its
  // cache_deadline_s (the shard is down, or the reply would come later).
  virtual void on_cache_silent(uint32_t request, double now) = 0;
  // A command of `request` reached its node at now and got an error at once (connection refused:
  // the process is down, its host up; -LOADING; -CLUSTERDOWN), which reaches its instance at
  // `at`: the request gives up on the cache then (by its cache_deadline_s at the latest).
  virtual void on_cache_error(uint32_t request, double at, double now) = 0;
  // The GET of `request` (of a class whose ReplyNeeds::reply_times is set) was served: its reply,
  // hit or miss, will reach its instance at arrive_s, and is delivered later (on_cache_reply at
  // arrive_s). Not told of a hit handed over at once (on_cache_reply(.., kHit, arrive_s) now).
  virtual void on_reply_known(uint32_t request, double arrive_s) = 0;
  // A SET from instance `app` failed with OOM; the error reaches the instance now.
  virtual void on_set_refused(uint32_t app, double now) = 0;
  // A SET stored `key` at its shard at now (the plane's clock).
  virtual void on_filled(uint32_t key, double now) = 0;
  // The reply to the lock request (SET NX PX) of `request` reaches its instance now.
  virtual void on_lock_reply(uint32_t request, bool granted, double now) = 0;
  // The reply to a write's DEL or SET (send_write) reaches its instance now; applied: false for a
  // SET refused with OOM.
  virtual void on_write_reply(uint32_t request, bool applied, double now) = 0;
};

class CacheCluster final : public Component, public BatchLoader, public CacheView, public ChangeOwner {
 public:
  // REQUIRES: config.nodes shards fit the paths; keys has slots when config.nodes > 1; config
  // has an eviction policy. `id` is the cluster's component index on the calendar.
  CacheCluster(const CacheConfig& config, const PlaneParts& parts, uint32_t app_count, const sim::RngStreams& streams,
               uint16_t id);
  // What the client needs of the GETs of one key class.
  struct ReplyNeeds {
    bool ordered = false;       // replies are events taken in arrival order (the app keeps state
                                // they read or change); else it gets hits on the spot
    bool entry = false;         // a hit fills the request's found_expires_s and found_recompute_s
    double lock_ttl_s = 0.0;    // distributed single-flight: the TTL of the class's lock keys
    bool lease = false;         // memcache-style leases: a miss takes the key's lease if it is free
                                // (the request's holds_lock says so), a SET must hold it
    bool reply_times = false;   // the client hears when each reply will arrive as soon as the
                                // shard serves the GET (CacheClient::on_reply_known)
  };
  // REQUIRES: needs has one element per key class.
  void connect(CacheClient* client, std::vector<ReplyNeeds> needs);
  // Stores every key at t = 0 (cache.warm_start; not a not-found key its class does not cache)
  // with the TTL stored_ttl_s(key) gives; with
  // maxmemory, keys in id order for as long as they fit.
  template <class TtlOf>
  void warm(TtlOf stored_ttl_s) {
    for (uint32_t k = 0; k < parts_.keys.key_count(); ++k) {
      if (parts_.keys.uncached(k)) continue;  // a not-found answer its class does not cache
      const uint32_t shard = shard_of(k);
      if (limited_ && nodes_[shard].cache.over_limit()) continue;
      for (uint32_t rank = 0; rank <= replicas_; ++rank)  // replicas start in sync
        nodes_[rank * shard_count_ + shard].cache.set(k, 0.0, stored_ttl_s(k), parts_.keys.name_bytes(k),
                                                      parts_.keys.value_bytes(k), rank == 0);
    }
    for (CacheNode& node : nodes_) record_memory(node, 0.0);
  }

  uint32_t shard_of(uint32_t key) const { return shard_count_ == 1 ? 0 : slots_.shard_of_slot(parts_.keys.slot(key)); }
  // An app instance sends GET for the request's key at now.
  void send_get(uint32_t app, uint32_t request, double now);
  // An app instance sends SET of the request's key (its value, with the request's fill_ttl_s and
  // fill_recompute_s) at now. The SET holds the request until it is served.
  void send_set(uint32_t app, uint32_t request, double now);
  // An app instance sends SET lock:<key> <request> NX PX <the class's lock_ttl_s> for the
  // request's key at now; the reply comes back in order (CacheClient::on_lock_reply), or none
  // by the request's cache_deadline_s (on_cache_silent).
  void send_lock(uint32_t app, uint32_t request, double now);
  // The request deletes its lock (if it still holds it) at now. Holds the request until served.
  void send_unlock(uint32_t app, uint32_t request, double now);
  // Writes (models/cache/cache_cluster_writes.cpp). With a staleness ledger, the ledger hears of
  // every entry stored (with the version stored: a fill's is the request's) or gone; the ledger
  // alone knows which entries are superseded, so entries carry no version. behind[c]: class c
  // writes behind (its writes' SETs make the new version). REQUIRES: called once, before the run.
  void track_versions(StalenessLedger* ledger, std::vector<bool> behind);
  bool holds(uint32_t key, double t, double* expires_at) const override;
  // Replicas holding the key's latest version learn it is superseded since t.
  void on_source_moved(uint32_t key, double t) override;
  // A write (or an invalidation) sends DEL of the request's key, or SET of its new value with the
  // class's TTL, at now; the reply comes back in order (CacheClient::on_write_reply), or none by
  // the request's cache_deadline_s (on_cache_silent). A write_behind SET sets the request's
  // version and next_waiter (its shard's loss count) when it stores.
  void send_write(uint32_t app, uint32_t request, bool set, double now);
  // How many times the key's shard has lost its data so far.
  uint32_t losses_of(uint32_t key) const { return serving(shard_of(key)).losses; }
  // GETs may be served at their send (models/cache/cache_cluster_at_send.cpp): call once, after
  // connect() and track_versions(); a cluster with replicas or a staleness ledger never does.
  void allow_serving_at_send();
  // Commands served ahead of the plane's clock so far: GETs at their send, and the fills that
  // reached their node before such a GET (the plane counts them as events all the same).
  uint64_t served_ahead() const { return served_ahead_; }
  // When the next command reaches its shard or the next reply its instance (infinity: none in
  // flight); the plane merges it.
  double next_arrival() const { return std::min(lanes_.next_time(), replies_.next_time()); }
  // Serves that command, or hands over that reply (commands first on a tie). REQUIRES: the
  // plane's clock is at next_arrival().
  void serve_next();
  // At now: a crash of a cache node (its data and queue are lost; a primary's crash starts its
  // shard's failover), its restart (empty; as a replica of the shard's new primary if one was
  // promoted meanwhile), a slowdown of its commands beginning or ending, or a FLUSHALL (its data
  // is lost, its queue stays; nothing on a node that is down).
  // (models/cache/cache_cluster_failover.cpp)
  ChangeNote apply(const FaultChange& change, double now) override;
  // Loads, for reads, where each key's entry is (the first thing a GET reads); for writes, that,
  // then the entry and its cost (the source update asks holds(), then the DEL or SET replaces it).
  void load(const uint32_t* keys, size_t n, KeyUse use) const override {
    uint64_t sum = 0;
    for (size_t i = 0; i < n; ++i) sum += where_[0][keys[i]];
    if (use == KeyUse::kWrites)
      for (size_t i = 0; i < n; ++i) sum += serving(shard_of(keys[i])).cache.load_entry(keys[i]);
    keep_loaded(sum);
  }
  // An active expiry tick of node `ref`, a failover phase, a topology refresh, a command
  // redirected by MOVED, or a full resync's end.
  void on_event(uint16_t kind, uint32_t ref, double now) override;

  // Keys valid at time t in the serving nodes (a scan: for summaries, not the request path).
  uint64_t resident_keys(double t) const;
  uint32_t shard_count() const { return shard_count_; }
  // Every crash of a shard's serving primary so far, in time order, with what followed it.
  const std::vector<FailoverRecord>& failovers() const { return failovers_; }

 private:
  enum Op : uint32_t {
    kGet, kSet, kLock, kUnlock, kWriteSet, kWriteDel,
    kHitReply, kMissReply, kOomReply, kLockGranted, kLockDenied, kWriteDone, kWriteRefused
  };
  enum Kind : uint16_t {
    kExpiryTick = 0, kFailoverPhase, kRefresh, kPeriodicRefresh, kResyncDone, kSave, kLoadDone, kMinorityDown,
    kRedirect  // + the command's op
  };
  // Puts one of the cluster's events on the calendar; counts those that change a node's state.
  void schedule(double t, uint16_t kind, uint32_t ref) {
    if (kind == kExpiryTick) next_tick_[ref] = t;
    else if (kind != kPeriodicRefresh && kind != kRefresh) ++state_events_;
    parts_.calendar.push(t, id_, kind, ref);
  }
  // models/cache/cache_cluster_at_send.cpp:
  // Serves the GET of `request` (sent at now on `lane`) at its arrival already, if nothing that
  // happens before that arrival can change what it finds there; false: send it as a message.
  bool serve_at_send(uint32_t lane, uint32_t request, uint32_t key_class, double now);
  // Serves, in arrival order, the GETs and fills on their way to `node` that reach it before
  // `before`; false (leaving the rest in flight) at one it cannot serve ahead, or one arriving then.
  bool serve_pending_before(uint32_t node, double before);
  uint32_t lane_of(uint32_t app, uint32_t node) const { return app * node_count_ + node; }
  // The lane an instance sends a shard's commands on: to the node its view names.
  uint32_t route(uint32_t app, uint32_t shard) const {
    return replicas_ == 0 ? lane_of(app, shard) : lane_of(app, view_[app * shard_count_ + shard]);
  }
  CacheNode& serving(uint32_t shard) { return nodes_[slots_.node_of(shard)]; }
  const CacheNode& serving(uint32_t shard) const { return nodes_[slots_.node_of(shard)]; }
  void deliver_reply(uint32_t lane, const LaneMessage& message, double now);
  void serve_get(CacheNode& shard, uint32_t lane, uint32_t request, double arrive_s);
  // A reply leaving the shard at done would reach the instance after the request's
  // cache_deadline_s: it travels (holding up those behind it), the app is told at now, true.
  bool reply_too_late(uint32_t lane, uint32_t request, double done, double bytes, double now);
  // The GET's reply leaves the shard at done.
  void send_reply(uint32_t reply_lane, uint32_t request, bool hit, double done, double bytes, uint32_t key_class,
                  double now);
  void serve_set(CacheNode& shard, uint32_t lane, uint32_t request, double arrive_s);
  void serve_fill(CacheNode& shard, uint32_t lane, uint32_t request, double arrive_s);
  // models/cache/cache_cluster_locks.cpp:
  void serve_lock(CacheNode& shard, uint32_t lane, uint32_t request, double arrive_s);
  void serve_unlock(CacheNode& shard, uint32_t lane, uint32_t request, double arrive_s);
  uint32_t lock_bytes(uint32_t key) const;
  // A GET miss of a class with leases at start: the request takes the key's lease if it is free.
  void offer_lease(CacheNode& shard, uint32_t request, double start);
  // A SET of a class with leases at start: stores only with the request's live lease, which it
  // gives back. False: rejected (counted).
  bool take_back_lease(CacheNode& shard, uint32_t request, double start);
  // models/cache/cache_cluster_writes.cpp:
  void serve_write(CacheNode& shard, uint32_t lane, uint32_t request, bool set, double arrive_s);
  // A write's SET at start: stores (false: OOM); a write_behind one makes the new version.
  bool store_written(CacheNode& shard, Request& r, double start);
  void note_evictions(CacheNode& node, double start);
  void add_class_series();
  // Node `index` loses its keys and lock keys at now (and its versions, below).
  void drop_data(uint32_t index, double now);
  // The `count` hottest keys of the workload are deleted at now from each shard's serving node
  // that is up (a DEL each, replicated; no command time taken).
  void delete_hottest(size_t count, double now);
  // Shard `index` lost its data at now: windows of its keys close, unflushed writes are lost.
  void lose_versions(uint32_t index, double now);
  void serve_expiry_cycle(CacheNode& shard, double now);
  // At a command's start: evicts while over maxmemory, and records what went.
  void make_room(CacheNode& shard, double start);
  // When a command arriving at arrive_s starts; the shard has made room for it by then.
  double start_command(CacheNode& shard, double arrive_s) {
    const double start = shard.server.start_of(arrive_s);
    if (limited_) make_room(shard, start);
    return start;
  }
  // A command (its request awaiting a reply) reached a node that is down (counted, the app told
  // no reply will come, a topology refresh maybe triggered) or no longer its shard's primary
  // (MOVED: sent again to the primary): true. `op` is the command's kind.
  bool refused_while_down(CacheNode& shard, uint32_t lane, uint32_t request, double arrive_s, uint32_t op);
  // models/cache/cache_cluster_replication.cpp:
  // The serving node of a shard changed its keyspace at now: the change goes to its replicas
  // (a SET of `key` valid until expires_at, a DEL, or a FLUSHALL); `write`: a client's write
  // (a fill, a write's SET or DEL), counted when lost in a failover.
  enum class Change : uint32_t { kSet, kDel, kFlush };
  // A SET carries the version stored (with a staleness ledger).
  void replicate(CacheNode& primary, Change change, uint32_t key, double expires_at, bool write, double now,
                 uint32_t version = 0) {
    if (replicas_ != 0) send_to_replicas(primary, change, key, expires_at, write, now, version);
  }
  void send_to_replicas(CacheNode& primary, Change change, uint32_t key, double expires_at, bool write,
                        double now, uint32_t version);
  void replicate_removed(CacheNode& primary, const std::vector<uint32_t>& keys, double now);
  void serve_replicated(uint32_t node, const LaneMessage& message, double now);
  // The in-flight stream to `node` is lost (its primary or itself crashed, or it resyncs); the
  // writes in it are returned.
  uint64_t cut_stream(uint32_t node);
  // `node` copies its shard's primary's keyspace now (the end of a full or partial resync).
  void copy_primary(uint32_t node, double now);
  // models/cache/cache_cluster_replica_reads.cpp:
  // The GET reached a replica it may read from (read_from "replica"): true if the replica serves it.
  bool replica_reads(const CacheNode& node, uint32_t lane) const {
    return read_replicas_ && !node.serving && node.up && !node.loading && !cluster_down() && lane_open(lane);
  }
  void serve_replica_get(CacheNode& replica, uint32_t lane, uint32_t request, double arrive_s);
  // The lane an instance sends a GET of the class on.
  uint32_t read_route(uint32_t app, uint32_t shard, uint32_t key_class) const {
    return read_replicas_ && !needs_[key_class].lease ? lane_of(app, read_view_[app * shard_count_ + shard])
                                                      : route(app, shard);
  }
  // The node an instance reads the shard from, as a topology refresh now shows it: its preferred
  // replica if that is up, else the next one up, else the primary. True if its view changed.
  bool pick_read_node(uint32_t app, uint32_t shard);
  // Replica `node` stored version `version` of the key (or a copy of the primary's): when the
  // source moved past it.
  void note_replica_version(uint32_t node, uint32_t key, uint32_t version);
  void copy_version(uint32_t node, uint32_t key);
  // Promoted node `node` serves its keyspace: the ledger follows its versions from now.
  void adopt_versions(uint32_t node, double now);
  // models/cache/cache_cluster_failover.cpp:
  void crash(uint32_t index, const FaultChange& change, double now);
  // models/cache/cache_cluster_isolation.cpp:
  // The serving primary `index` is lost to the cluster at now (crashed, or isolated by fault
  // `fault`): its failover record, and the policy's phases on the calendar.
  void begin_failover(uint32_t index, uint32_t fault, double now);
  void isolate(uint32_t index, uint32_t fault, double now);
  // The isolated primary `index` notices it is on the minority side (if still isolated).
  void notice_minority(uint32_t index, double now);
  void rejoin(uint32_t index, double now);
  void demote_isolated(FailoverRecord& record, uint32_t old_index, double now);
  void restart(uint32_t index, double now);
  // The shard's primary (not replaced meanwhile) serves again: the failover record says so, its
  // replicas resync from it.
  void serve_again(uint32_t index, double now);
  // models/cache/cache_cluster_persistence.cpp:
  void start_persistence();
  void save(uint32_t index, double now);
  void finish_loading(uint32_t index, double now);
  void on_failover_phase(uint32_t phase, double now);
  // Every node's `ok` from its state and the cluster's coverage.
  void update_states();
  // The node serves commands that reach it (ignoring partitions).
  bool serves(const CacheNode& node) const {
    return node.up && !node.loading && node.serving && !node.minority_down && !cluster_down();
  }
  // Every node answers CLUSTERDOWN (require_full_coverage and a shard without a primary).
  bool cluster_down() const { return full_coverage_ && uncovered_ > 0; }
  // The connection of command lane `lane` carries traffic (no partition on it).
  bool lane_open(uint32_t lane) const { return blocked_.empty() || blocked_[lane] == 0; }
  // A fill (SET after a miss) reaching a node that is not ok: true if it is served all the same;
  // else it was redirected (MOVED) or lost (counted).
  bool fill_goes_ahead(CacheNode& node, uint32_t lane, uint32_t request, double arrive_s);
  void partition(const FaultChange& change, bool cut, double now);
  // Failover record `record`'s shard is covered again (or not); logs the cluster going down or ok.
  void set_covered(uint32_t record, bool covered, double now);
  void promote(FailoverRecord& record, uint32_t node, double now);
  // An instance saw a command fail at `at` (a timeout): it may refresh its view then.
  void note_failure(uint32_t app, double at);
  void refresh_view(uint32_t app, double now);
  // The instance's view of the shard becomes the slot map's: true if it changed.
  bool patch_view(uint32_t app, uint32_t shard, double now);
  // The instance now reaches the serving node of the shard (its view names it, the connection is
  // open): the shard's last failover record counts it.
  void note_reached(uint32_t app, uint32_t shard, double now);
  // MOVED: the reply reaches the instance, which patches its view and sends the command again.
  void redirect_later(uint32_t lane, uint32_t request, uint32_t op, double arrive_s);
  void redirect(uint32_t request, uint32_t op, double now);
  void start_replication();
  double command_bytes(uint32_t op, uint32_t key) const;
  std::string node_label(uint32_t node) const;
  void record_memory(CacheNode& shard, double t) { shard.record_memory(parts_.metrics, t); }
  // Serves a command and records it: commands, busy time and +1 in the by_start slots outcome
  // and key_class (kNoSlot: none) at its start; queue peak and queueing delay at its arrival.
  double record_service(CacheNode& shard, double arrive_s, double service_s, uint32_t outcome, uint32_t key_class);
  static constexpr uint32_t kNoSlot = UINT32_MAX;

  PlaneParts parts_;
  uint16_t id_;
  uint32_t shard_count_;
  uint32_t replicas_;                 // per shard
  uint32_t node_count_;               // shards x (1 + replicas_)
  const FailoverPolicy* failover_;
  bool full_coverage_;                // cluster-wide refusal while a FAIL shard has no primary
  uint32_t uncovered_ = 0;            // shards agreed FAIL and not served again
  std::vector<uint8_t> counted_uncovered_;  // [failover record]
  TopologyRefreshConfig refresh_;
  const Distribution* extra_lag_;
  sim::Rng failover_rng_, lag_rng_;
  PersistenceConfig persistence_;
  // Per node: its keys and expiries as of its last save, the bytes they took, and the series of
  // keys loaded at restarts.
  std::vector<std::vector<std::pair<uint32_t, double>>> saved_;
  std::vector<double> saved_bytes_;
  std::vector<SeriesId> loaded_series_;
  ShardServiceTimes costs_;
  MemoryConfig memory_;               // for what a lock key costs
  ActiveExpiryConfig expiry_;
  bool limited_;                      // a maxmemory is set: evict before commands
  CacheClient* client_ = nullptr;
  std::vector<ReplyNeeds> needs_;     // [key class]
  std::vector<float> recompute_s_;    // [key]: fetch time stored with the value (when a class reads values)
  SlotMap slots_;                     // slot -> shard -> its node
  // [rank][key] -> its entry in the node of that rank of its shard (ShardEntries)
  std::vector<std::vector<uint32_t>> where_;
  std::vector<CacheNode> nodes_;   // [rank * shards + shard]
  LaneSet lanes_;    // [app * nodes + node]: commands to the node; then [repl_base_ + node]: its stream
  LaneSet replies_;  // [app * nodes + node]: replies and errors back to the instance
  std::vector<uint32_t> lane_node_;   // [command lane] -> its node
  uint32_t repl_base_ = 0;            // the first replication lane
  std::vector<uint32_t> view_;        // [app * shards + shard] -> the node the instance sends to
  bool read_replicas_;                // cache.read_from "replica"
  std::vector<uint32_t> read_view_;   // [app * shards + shard] -> the node it reads from (read_replicas_)
  // With a ledger and replicas: [rank][key] -> when the source moved past the version the node of
  // that rank holds (+infinity: current); kept for replicas, read by their GETs and promotions.
  std::vector<std::vector<double>> superseded_;
  std::vector<uint8_t> blocked_;      // [command lane]: partitions cutting it (empty: none ever)
  // Per app instance: its last topology refresh, and whether one is scheduled.
  std::vector<double> last_refresh_;
  std::vector<bool> refresh_pending_;
  // Per replication lane (receiving node): stream generation (messages of an older one are
  // dropped on arrival), writes in flight, and each message's send time and expiry, in order.
  struct Sent {
    double sent_s, expires_at;
    uint32_t version;  // of a SET, with a staleness ledger
  };
  struct Stream {
    uint32_t generation = 0;
    uint64_t writes_in_flight = 0;
    std::deque<Sent> sent;
  };
  std::vector<Stream> streams_;         // [node]
  std::vector<uint64_t> lost_at_crash_; // [node]: writes cut from its stream at its primary's crash
  std::vector<SeriesId> lag_series_;    // [node]: replication lag (replicas)
  std::vector<SeriesId> writes_lost_;   // [shard]
  // Serving at send (models/cache/cache_cluster_at_send.cpp):
  bool at_send_ = false;                   // allowed for this cluster
  std::vector<uint8_t> at_send_class_;     // [key class]: its replies need nothing of the app's clock
  std::vector<double> fastest_in_;         // [node]: the least transfer time of a command lane into it
  std::vector<double> next_tick_;          // [node]: its next active expiry tick on the calendar
  uint32_t state_events_ = 0;              // cluster events on the calendar that change node state
  uint64_t served_ahead_ = 0;
  std::vector<FailoverRecord> failovers_;
  struct PendingPhase {
    uint32_t record;
    FailoverPhase phase;
    bool promotes;
    bool detects;   // the failure is agreed: the shard is uncovered until served again
    uint32_t node;
    bool node_synced;  // the chosen node was in sync at the crash (else it may be promoted unsynced)
  };
  std::vector<PendingPhase> phases_;
  std::vector<uint32_t> expired_;         // keys the last active expiry cycle removed (with replicas)
  StalenessLedger* staleness_ = nullptr;  // null: no class has writes
  std::vector<bool> behind_;              // [key class]: writes behind
  std::vector<uint32_t> evicted_;         // keys the last make_room evicted (with a ledger)
};

// Inline: it runs for every command a shard serves.
inline double CacheCluster::record_service(CacheNode& shard, double arrive_s, double service_s,
                                           uint32_t outcome, uint32_t key_class) {
  service_s *= shard.slow.factor();
  const ShardServer::Served served = shard.server.serve(arrive_s, service_s);
  double* const at_start = shard.by_start->values_at(served.start_s);
  at_start[shard.commands] += 1.0;
  at_start[shard.busy] += service_s;
  if (outcome != kNoSlot) at_start[outcome] += 1.0;
  if (key_class != kNoSlot) at_start[key_class] += 1.0;
  shard.by_arrival->peak(shard.queue_peak, arrive_s, served.in_system_before + 1.0);
  shard.by_arrival->observe(shard.queue_delay, arrive_s, served.start_s - arrive_s);
  return served.done_s;
}

}  // namespace cachestorm::models
