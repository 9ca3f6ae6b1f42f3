// A set of FIFO lanes (models/core/fifo_lane.hpp) with a small min-heap over the non-empty ones,
// keyed by (head arrival, lane index): the plane merges the set's earliest head with its calendar
// and its sources, so a message costs a ring-buffer append and pop and a sift in a heap of at most
// as many entries as there are lanes, never a push into the big calendar.
#pragma once
#include <cstdint>
#include <limits>
#include <vector>

#include "models/core/fifo_lane.hpp"

namespace cachestorm::models {

class LaneSet {
 public:
  void add_lane(Path path) { lanes_.emplace_back(path); }
  size_t size() const { return lanes_.size(); }
  const FifoLane& lane(uint32_t index) const { return lanes_[index]; }

  void push(uint32_t lane, double send_s, double bytes, uint32_t ref, uint32_t op) {
    if (lanes_[lane].push(send_s, bytes, ref, op)) {
      heap_.push_back({lanes_[lane].head().arrive_s, lane});
      sift_up(heap_.size() - 1);
    }
  }
  // Arrival of the earliest head (infinity when every lane is empty).
  double next_time() const { return heap_.empty() ? std::numeric_limits<double>::infinity() : heap_[0].arrive_s; }
  // Takes the earliest head. REQUIRES: next_time() is finite. *lane is where it came from.
  LaneMessage pop(uint32_t* lane) {
    *lane = heap_[0].lane;
    FifoLane& source = lanes_[*lane];
    const LaneMessage message = source.pop();
    if (source.empty()) {
      heap_[0] = heap_.back();
      heap_.pop_back();
      if (heap_.empty()) return message;
    } else {
      heap_[0].arrive_s = source.head().arrive_s;
    }
    if (heap_.size() > 1) sift_down(0);
    return message;
  }

 private:
  struct Head {
    double arrive_s;  // of the lane's head message
    uint32_t lane;
  };
  static bool before(const Head& a, const Head& b) {
    return a.arrive_s < b.arrive_s || (a.arrive_s == b.arrive_s && a.lane < b.lane);
  }
  void sift_up(size_t i) {
    while (i > 0) {
      const size_t parent = (i - 1) / 2;
      if (!before(heap_[i], heap_[parent])) return;
      std::swap(heap_[i], heap_[parent]);
      i = parent;
    }
  }
  void sift_down(size_t i) {
    const size_t n = heap_.size();
    for (;;) {
      size_t best = i;
      const size_t left = 2 * i + 1, right = left + 1;
      if (left < n && before(heap_[left], heap_[best])) best = left;
      if (right < n && before(heap_[right], heap_[best])) best = right;
      if (best == i) return;
      std::swap(heap_[i], heap_[best]);
      i = best;
    }
  }
  std::vector<FifoLane> lanes_;
  std::vector<Head> heap_;  // the non-empty lanes
};

}  // namespace cachestorm::models
