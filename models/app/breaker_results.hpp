// The results of the application tier's cache calls, waiting for the instant their breaker hears
// of them. A hit's reply is known when its shard serves the GET (its arrival at the instance is
// fixed then), so it is filed early and applied to its breaker when the request path reaches
// that instant; the class's hits then need no ordered event of their own (the breaker was the
// only state they changed). Results are kept in (time, rank) order: rank kBeforeReplies for what
// happens on the calendar (a give-up), kReply for replies, which the request path takes after
// calendar events of the same instant; equal keys stay in filing order. Not a breaker: it only
// orders results (models/app/circuit_breaker.hpp decides). Plain C++.
#pragma once
#include <cstdint>
#include <vector>

#include "models/app/circuit_breaker.hpp"

namespace cachestorm::models {

struct BreakerResult {
  double at_s;        // when the instance learns it (the reply's arrival, or the give-up)
  double duration_s;  // from the call's send to at_s
  CircuitBreaker* breaker;
  bool success;
  uint8_t rank;
};

class BreakerResults {
 public:
  enum Rank : uint8_t { kBeforeReplies = 0, kReply = 1 };

  // Files a result. Most come in time order; one that does not is placed by its (at_s, rank).
  void file(const BreakerResult& result) {
    if (size_ > mask_) grow();
    BreakerResult* ring = ring_.data();
    size_t at = size_++;
    for (; at > 0 && later(ring[(head_ + at - 1) & mask_], result); --at)
      ring[(head_ + at) & mask_] = ring[(head_ + at - 1) & mask_];
    ring[(head_ + at) & mask_] = result;
  }
  // Hands every result due before t (through_t: at or before t) to apply(result), in order.
  template <class Apply>
  void apply_due(double t, bool through_t, Apply&& apply) {
    while (size_ > 0) {
      const BreakerResult& front = ring_[head_];
      if (!(front.at_s < t || (through_t && front.at_s == t))) return;
      const BreakerResult result = front;
      head_ = (head_ + 1) & mask_;
      --size_;
      apply(result);
    }
  }
  size_t size() const { return size_; }

 private:
  static bool later(const BreakerResult& a, const BreakerResult& b) {
    return a.at_s > b.at_s || (a.at_s == b.at_s && a.rank > b.rank);
  }
  void grow() {
    std::vector<BreakerResult> bigger(ring_.size() * 2);
    for (size_t i = 0; i < size_; ++i) bigger[i] = ring_[(head_ + i) & mask_];
    ring_.swap(bigger);
    mask_ = ring_.size() - 1;
    head_ = 0;
  }
  std::vector<BreakerResult> ring_ = std::vector<BreakerResult>(16);  // size a power of two
  size_t mask_ = 15;
  size_t head_ = 0;
  size_t size_ = 0;
};

}  // namespace cachestorm::models
