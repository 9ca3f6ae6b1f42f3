// A set of FIFO lanes (models/core/fifo_lane.hpp) with a tournament tree over their heads' arrival
// times (models/core/min_tree.hpp; ties to the lower lane index): the plane merges the set's
// earliest head with its calendar and its sources, so a message costs a ring-buffer append and
// pop and a replay of one tree path, never a push into the big calendar.
#pragma once
#include <cstdint>
#include <limits>
#include <vector>

#include "models/core/fifo_lane.hpp"
#include "models/core/min_tree.hpp"

namespace cachestorm::models {

class LaneSet {
 public:
  void add_lane(Path path) {
    lanes_.emplace_back(path);
    // Lanes are added before any message is sent; the tree doubles, so adding n lanes is O(n).
    if (lanes_.size() > heads_.slots()) heads_.resize(2 * heads_.slots());
  }
  size_t size() const { return lanes_.size(); }
  const FifoLane& lane(uint32_t index) const { return lanes_[index]; }

  void push(uint32_t lane, double send_s, double bytes, uint32_t ref, uint32_t op) {
    if (lanes_[lane].push(send_s, bytes, ref, op)) heads_.set(lane, lanes_[lane].head().arrive_s);
  }
  // See FifoLane::pass.
  double pass(uint32_t lane, double send_s, double bytes) { return lanes_[lane].pass(send_s, bytes); }
  // Arrival of the earliest head (infinity when every lane is empty).
  double next_time() const { return heads_.top_time(); }
  // Takes the earliest head. REQUIRES: next_time() is finite. *lane is where it came from.
  LaneMessage pop(uint32_t* lane) {
    *lane = heads_.top();
    FifoLane& source = lanes_[*lane];
    const LaneMessage message = source.pop();
    heads_.set(*lane, source.empty() ? std::numeric_limits<double>::infinity() : source.head().arrive_s);
    return message;
  }

 private:
  std::vector<FifoLane> lanes_;
  MinTree heads_;  // by lane: its head's arrival, infinity when empty
};

}  // namespace cachestorm::models
