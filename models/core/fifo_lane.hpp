// One direction of a connection: messages are delivered in the order they were sent (as TCP
// delivers them), so a message arrives at max(the previous message's arrival, its send time +
// latency + bytes / bandwidth): a large value delays the small requests behind it. A ring buffer
// whose head is the only message that can be next; the owner merges the heads of its lanes
// (models/core/lane_set.hpp). REQUIRES: push() in non-decreasing send time.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/network_paths.hpp"

namespace cachestorm::models {

struct LaneMessage {
  double arrive_s;
  uint32_t ref;  // a request, or a key (per op)
  uint32_t op;   // the receiver's own message kind
};

class FifoLane {
 public:
  explicit FifoLane(Path path = {}) : path_(path), ring_(8) {}

  // Sends a message of `bytes` payload at send_s; returns true if the lane was empty (its owner
  // then schedules the new head).
  bool push(double send_s, double bytes, uint32_t ref, uint32_t op) {
    const double arrive = arrival_of(send_s, bytes);
    last_arrive_ = arrive;
    if (size_ == ring_.size()) grow();
    ring_[(head_ + size_) & (ring_.size() - 1)] = {arrive, ref, op};
    return size_++ == 0;
  }
  // When a message of `bytes` sent at send_s would arrive (push() gives it that time).
  double arrival_of(double send_s, double bytes) const {
    return std::max(last_arrive_, send_s + path_.transfer_s(bytes));
  }
  // A message whose receiver takes it on the spot, stamped with its arrival (it keeps its place
  // in the connection's order but is never queued): returns that arrival.
  double pass(double send_s, double bytes) { return last_arrive_ = arrival_of(send_s, bytes); }
  bool empty() const { return size_ == 0; }
  // REQUIRES: !empty().
  const LaneMessage& head() const { return ring_[head_]; }
  LaneMessage pop() {
    const LaneMessage message = ring_[head_];
    head_ = (head_ + 1) & (ring_.size() - 1);
    --size_;
    return message;
  }
  const Path& path() const { return path_; }

 private:
  void grow() {
    std::vector<LaneMessage> bigger(ring_.size() * 2);
    for (size_t i = 0; i < size_; ++i) bigger[i] = ring_[(head_ + i) & (ring_.size() - 1)];
    ring_.swap(bigger);
    head_ = 0;
  }
  Path path_;
  std::vector<LaneMessage> ring_;  // size a power of two
  size_t head_ = 0;
  size_t size_ = 0;
  double last_arrive_ = 0.0;
};

}  // namespace cachestorm::models
