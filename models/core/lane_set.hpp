// A set of FIFO lanes (models/core/fifo_lane.hpp) with a tournament tree over their heads' arrival
// times (models/core/min_tree.hpp; ties to the lower lane index): the plane merges the set's
// earliest head with its calendar and its sources, so a message costs a ring-buffer append and
// pop and a replay of one tree path, never a push into the big calendar.
// Lanes may also belong to groups (the connections into one cache node): a second tree per group
// then says which of the group's lanes has the earliest head, so an owner can take the messages
// reaching one receiver in order (ties again to the lower lane index) without the others.
#pragma once
#include <cstdint>
#include <limits>
#include <vector>

#include "models/core/fifo_lane.hpp"
#include "models/core/min_tree.hpp"

namespace cachestorm::models {

class LaneSet {
 public:
  static constexpr uint32_t kNoGroup = UINT32_MAX;

  // Lanes are added before any message is sent, a group's lanes in increasing index.
  void add_lane(Path path, uint32_t group = kNoGroup) {
    lanes_.emplace_back(path);
    // The tree doubles, so adding n lanes is O(n).
    if (lanes_.size() > heads_.slots()) heads_.resize(2 * heads_.slots());
    slot_in_group_.push_back(0);
    group_of_.push_back(group);
    if (group == kNoGroup) return;
    if (group >= groups_.size()) groups_.resize(group + 1);
    Group& g = groups_[group];
    slot_in_group_.back() = static_cast<uint32_t>(g.lanes.size());
    g.lanes.push_back(static_cast<uint32_t>(lanes_.size() - 1));
    if (g.lanes.size() > g.heads.slots()) g.heads.resize(2 * g.heads.slots());
  }
  // The group trees are kept only once asked for (before any message is sent): an owner that
  // never takes a group's messages apart pays nothing for them.
  void keep_groups() { keep_groups_ = true; }
  size_t size() const { return lanes_.size(); }
  const FifoLane& lane(uint32_t index) const { return lanes_[index]; }

  void push(uint32_t lane, double send_s, double bytes, uint32_t ref, uint32_t op) {
    if (lanes_[lane].push(send_s, bytes, ref, op)) set_head(lane, lanes_[lane].head().arrive_s);
  }
  // See FifoLane::pass.
  double pass(uint32_t lane, double send_s, double bytes) { return lanes_[lane].pass(send_s, bytes); }
  // Arrival of the earliest head (infinity when every lane is empty).
  double next_time() const { return heads_.top_time(); }
  // Takes the earliest head. REQUIRES: next_time() is finite. *lane is where it came from.
  LaneMessage pop(uint32_t* lane) {
    *lane = heads_.top();
    return pop_lane(*lane);
  }
  // The earliest head among the lanes of `group` (infinity: none), and its lane. REQUIRES: keep_groups().
  double group_next_time(uint32_t group) const { return groups_[group].heads.top_time(); }
  uint32_t group_top(uint32_t group) const { return groups_[group].lanes[groups_[group].heads.top()]; }
  // Takes the head of `lane`. REQUIRES: the lane is not empty.
  LaneMessage pop_lane(uint32_t lane) {
    FifoLane& source = lanes_[lane];
    const LaneMessage message = source.pop();
    set_head(lane, source.empty() ? std::numeric_limits<double>::infinity() : source.head().arrive_s);
    return message;
  }

 private:
  struct Group {
    std::vector<uint32_t> lanes;  // by slot
    MinTree heads;                // by slot: its lane's head's arrival
  };
  void set_head(uint32_t lane, double t) {
    heads_.set(lane, t);
    if (keep_groups_ && group_of_[lane] != kNoGroup) groups_[group_of_[lane]].heads.set(slot_in_group_[lane], t);
  }

  std::vector<FifoLane> lanes_;
  MinTree heads_;  // by lane: its head's arrival, infinity when empty
  std::vector<uint32_t> group_of_, slot_in_group_;  // by lane
  std::vector<Group> groups_;
  bool keep_groups_ = false;
};

}  // namespace cachestorm::models
