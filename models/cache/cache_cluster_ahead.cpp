// GETs served at their send ("ahead"), with no lane message and no event, where that is exact.
//
// Every command to a node travels at least the node's link latency L (the same from every
// instance), so when an instance sends a GET at t that arrives at a = t + L, every command that
// reaches the node before a has been sent already. If none of them is still on its way (the
// node's lanes are empty), the node's state at a is its state now, advanced by its own expiry
// ticks up to a: the GET can be served now, at a, in the order it would have been. Commands sent
// later arrive later (at least L after their send), so they still find the node in order.
//
// Taken only when nothing else can see the node ahead of the clock: no replicas (no stream),
// no persistence (a save reads the keyspace at its instant), no writes (the staleness ledger
// reads entries in time order), no class whose replies must come in order or at their instant
// (strategies with state in the app, breakers, locks and leases), a node that serves, an open
// connection, an arrival before the plane's current horizon (faults and window closes happen
// at horizons) and strictly after the node's last arrival (ties keep the lanes' order). A reply
// that would come too late is then told to the app by a calendar event at the arrival, as the
// lane would have. Everything else takes the lanes, as before.
#include <limits>

#include "models/cache/cache_cluster.hpp"

namespace cachestorm::models {

void CacheCluster::decide_ahead() {
  ahead_ = replicas_ == 0 && !read_replicas_ && staleness_ == nullptr &&
           persistence_.type == PersistenceConfig::Type::kNone && !needs_.empty();
  for (const ReplyNeeds& needs : needs_)
    if (needs.ordered || needs.reply_times || needs.lease || needs.lock_ttl_s > 0.0) ahead_ = false;
  const uint32_t apps = static_cast<uint32_t>(lanes_.size()) / node_count_;
  for (uint32_t node = 0; node < node_count_ && ahead_; ++node) {
    const double latency = lanes_.lane(lane_of(0, node)).path().transfer_s(0.0);
    for (uint32_t app = 0; app < apps; ++app)
      if (!(latency > 0.0) || lanes_.lane(lane_of(app, node)).path().transfer_s(0.0) != latency) ahead_ = false;
  }
  pending_.assign(node_count_, 0);
  last_arrival_.assign(node_count_, -std::numeric_limits<double>::infinity());
}

bool CacheCluster::serve_get_ahead(uint32_t lane, uint32_t request, double now) {
  const uint32_t node_index = lane_node_[lane];
  if (pending_[node_index] != 0) return false;
  CacheNode& node = nodes_[node_index];
  const double arrive = lanes_.lane(lane).arrival_of(now, 0.0);
  if (!(arrive < ahead_until_) || !(arrive > last_arrival_[node_index]) || !node.ok || !lane_open(lane)) return false;
  lanes_.pass(lane, now, 0.0);
  last_arrival_[node_index] = arrive;
  while (next_tick_[node_index] <= arrive) run_expiry_tick(node_index, next_tick_[node_index]);
  serving_ahead_ = true;
  serve_get(node, lane, request, arrive);
  serving_ahead_ = false;
  return true;
}

void CacheCluster::run_expiry_tick(uint32_t index, double now) {
  CacheNode& node = nodes_[index];
  if (node.up && !node.loading && node.serving) serve_expiry_cycle(node, now);  // replicas wait for their primary's DELs
  next_tick_[index] = now + 1.0 / expiry_.hz;
  parts_.calendar.push(next_tick_[index], id_, kExpiryTick, index);
}

}  // namespace cachestorm::models
