// Serving a GET at its send: a conservative lookahead, as in parallel discrete-event simulation.
//
// Every command needs at least its connection's transfer time to reach its node. So when a GET
// leaves on the fastest connection into its node, every command that will reach that node before
// the GET has been sent already: it is in flight on one of the node's connections. If, besides,
// nothing else can touch the node before the GET arrives, the GET can be served now, at its
// arrival, with exactly the state it would find there:
//  - no fault changes the node first: the arrival lies before the time the plane advances to
//    (faults are applied only there);
//  - no active expiry tick of the node, and no cluster event that changes a node's state
//    (failover phases, resyncs, saves, loads, redirects), is on the calendar before it;
//  - the commands in flight to the node that arrive earlier are all GETs and fills of classes
//    served this way, and are served first, in arrival order (ties to the lower connection, as
//    the plane's); anything else, or one arriving at the GET's very instant, sends the GET as a
//    message;
//  - the request is the only thing happening at its instant (no other source sends then, the
//    calendar holds nothing more at it), so no command sent later at the same instant can tie
//    with the GET at the node;
//  - what the app does with the reply needs nothing of its clock: the class keeps no ordered
//    state, reads no entry, has no breaker, lock or lease (CacheCluster::ReplyNeeds). A hit is
//    then handed over as before, with the instant it reaches the app; a miss's reply still
//    travels as a message and is taken in order.
// The cluster must have no replicas and no staleness ledger, and the client no retries (a retry
// budget hears each outcome in order): those keep the message path. Either way the node serves
// its commands in the same order at the same instants, so the results are those of the message
// path; what changes is when the plane learns them, which is why latency sums are exact
// (models/metrics/exact_sum.hpp) and the stampede ledger's queue stays sorted.
#include <limits>

#include "models/cache/cache_cluster.hpp"

namespace cachestorm::models {

void CacheCluster::allow_serving_at_send() {
  at_send_class_.assign(needs_.size(), 0);
  bool any_class = false;
  for (size_t c = 0; c < needs_.size(); ++c) {
    const ReplyNeeds& n = needs_[c];
    at_send_class_[c] = !n.ordered && !n.entry && !n.reply_times && n.lock_ttl_s == 0.0 && !n.lease;
    any_class = any_class || at_send_class_[c] != 0;
  }
  at_send_ = any_class && parts_.lookahead != nullptr && replicas_ == 0 && staleness_ == nullptr;
  if (!at_send_) return;
  lanes_.keep_groups();
  fastest_in_.assign(node_count_, std::numeric_limits<double>::infinity());
  const size_t command_lanes = replicas_ == 0 ? lanes_.size() : repl_base_;
  for (uint32_t lane = 0; lane < command_lanes; ++lane) {
    const double transfer = lanes_.lane(lane).path().transfer_s(0.0);
    if (transfer < fastest_in_[lane_node_[lane]]) fastest_in_[lane_node_[lane]] = transfer;
  }
}

bool CacheCluster::serve_at_send(uint32_t lane, uint32_t request, uint32_t key_class, double now) {
  const Lookahead& look = *parts_.lookahead;
  if (!look.alone || at_send_class_[key_class] == 0 || state_events_ != 0) return false;
  const uint32_t node = lane_node_[lane];
  const FifoLane& connection = lanes_.lane(lane);
  const double transfer = connection.path().transfer_s(0.0);
  const double arrive = connection.arrival_of(now, 0.0);
  if (arrive != now + transfer || transfer > fastest_in_[node]) return false;  // held up, or not the fastest way in
  if (!(arrive < look.before) || next_tick_[node] <= arrive || !(parts_.calendar.next_time() > now)) return false;
  CacheNode& shard = nodes_[node];
  if (!shard.ok || !lane_open(lane)) return false;
  if (lanes_.group_next_time(node) <= arrive && !serve_pending_before(node, arrive)) return false;
  lanes_.pass(lane, now, 0.0);
  ++served_ahead_;
  serve_get(shard, lane, request, arrive);
  return true;
}

bool CacheCluster::serve_pending_before(uint32_t node, double before) {
  for (double next = lanes_.group_next_time(node); next <= before; next = lanes_.group_next_time(node)) {
    if (next == before) return false;  // which comes first is decided at that instant
    const uint32_t lane = lanes_.group_top(node);
    const LaneMessage& head = lanes_.lane(lane).head();
    if ((head.op != kSet && head.op != kGet) || !lane_open(lane) ||
        at_send_class_[parts_.keys.class_of(parts_.requests[head.ref].key)] == 0)
      return false;
    const LaneMessage message = lanes_.pop_lane(lane);
    ++served_ahead_;
    if (message.op == kGet) serve_get(nodes_[node], lane, message.ref, next);
    else serve_set(nodes_[node], lane, message.ref, next);
  }
  return true;
}

}  // namespace cachestorm::models
