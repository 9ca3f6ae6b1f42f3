// A tournament tree over n slots, each holding a time (infinity: nothing there): which slot holds
// the earliest time, ties to the lowest index. Changing a slot's time replays its path to the
// root: log2(n) steps of compare-and-select with no data-dependent branch, where a binary heap's
// sift takes one hard-to-predict branch per level. Used to merge the heads of FIFO lanes and the
// next sends of load sources, where the same few slots change all the time. Plain C++.
#pragma once
#include <cstdint>
#include <limits>
#include <vector>

namespace cachestorm::models {

class MinTree {
 public:
  explicit MinTree(size_t slots = 0) { resize(slots); }
  // Drops every time and makes room for `slots` slots, all empty (infinity).
  void resize(size_t slots) {
    leaves_ = 1;
    while (leaves_ < slots) leaves_ *= 2;
    time_.assign(leaves_, std::numeric_limits<double>::infinity());
    winner_.assign(2 * leaves_, 0);
    for (size_t leaf = 0; leaf < leaves_; ++leaf) winner_[leaves_ + leaf] = static_cast<uint32_t>(leaf);
    for (size_t node = leaves_ - 1; node >= 1; --node) winner_[node] = winner_[2 * node];
  }
  size_t slots() const { return leaves_; }
  // The slot with the earliest time (the lowest such index), and that time.
  uint32_t top() const { return winner_[1]; }
  double top_time() const { return time_[winner_[1]]; }
  double time(uint32_t slot) const { return time_[slot]; }
  // REQUIRES: slot < slots().
  void set(uint32_t slot, double t) {
    time_[slot] = t;
    for (size_t node = (slot + leaves_) >> 1; node >= 1; node >>= 1) {
      const uint32_t left = winner_[2 * node], right = winner_[2 * node + 1];
      const uint32_t right_first = time_[right] < time_[left] ? 1u : 0u;  // a select, not a branch
      winner_[node] = left ^ ((left ^ right) & (0u - right_first));
    }
  }

 private:
  size_t leaves_ = 1;
  std::vector<double> time_;       // by slot; unused slots up to leaves_ stay infinite
  std::vector<uint32_t> winner_;   // [1] root .. [leaves_ + slot]: the slot itself
};

}  // namespace cachestorm::models
