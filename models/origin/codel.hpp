// CoDel ("controlled delay") for the origin's wait queue (origin.codel): shedding by how long a
// query waited rather than by how many wait. The control law follows RFC 8289 (Nichols, Jacobson,
// McGregor, Iyengar: "Controlled Delay Active Queue Management", 2018):
//  - a query is taken from the head of the queue when a connection frees; its sojourn is the time
//    it waited;
//  - once sojourns have stayed at or above target_s for interval_s (and others wait behind), the
//    queue enters the dropping state: the head is dropped, and further heads at times
//    drop_next, each interval_s / sqrt(count) after the last, count growing with each drop;
//  - the dropping state ends with the first head that waited less than target_s; a return to it
//    soon after (within 16 intervals) resumes from the previous drop count.
// Plain state with no clock of its own; the caller passes non-decreasing times. Not a queue: it
// decides for the caller's queue which heads to drop.
#pragma once
#include <cmath>
#include <cstdint>
#include <optional>

namespace cachestorm::models {

class CoDel {
 public:
  // REQUIRES: target_s > 0, interval_s > 0.
  CoDel(double target_s, double interval_s) : target_s_(target_s), interval_s_(interval_s) {}

  // Takes the next query to serve from `queue` (a deque of items with arrival_s) at now, handing
  // each one it drops to drop(item). Empty when the queue is (or becomes) empty.
  template <class Queue, class Drop>
  std::optional<typename Queue::value_type> dequeue(double now, Queue& queue, Drop drop) {
    bool ok_to_drop = false;
    auto head = pop(now, queue, &ok_to_drop);
    if (!head) {
      dropping_ = false;
      return head;
    }
    if (dropping_) {
      if (!ok_to_drop) dropping_ = false;
      while (dropping_ && now >= drop_next_) {
        drop(*head);
        ++count_;
        head = pop(now, queue, &ok_to_drop);
        if (!head) {
          dropping_ = false;
          return head;
        }
        if (!ok_to_drop) {
          dropping_ = false;
        } else {
          drop_next_ = control_law(drop_next_);
        }
      }
    } else if (ok_to_drop) {
      drop(*head);
      head = pop(now, queue, &ok_to_drop);
      dropping_ = true;
      const uint32_t delta = count_ - last_count_;
      count_ = delta > 1 && now - drop_next_ < 16 * interval_s_ ? delta : 1;
      drop_next_ = control_law(now);
      last_count_ = count_;
    }
    return head;
  }
  bool dropping() const { return dropping_; }

 private:
  // Pops the head; *ok_to_drop: its sojourn has been at or above target for an interval.
  template <class Queue>
  std::optional<typename Queue::value_type> pop(double now, Queue& queue, bool* ok_to_drop) {
    *ok_to_drop = false;
    if (queue.empty()) {
      first_above_s_.reset();
      return std::nullopt;
    }
    auto head = queue.front();
    queue.pop_front();
    if (now - head.arrival_s < target_s_ || queue.empty()) {
      first_above_s_.reset();
    } else if (!first_above_s_) {
      first_above_s_ = now + interval_s_;
    } else if (now >= *first_above_s_) {
      *ok_to_drop = true;
    }
    return head;
  }
  double control_law(double t) const { return t + interval_s_ / std::sqrt(static_cast<double>(count_)); }

  double target_s_, interval_s_;
  std::optional<double> first_above_s_;
  bool dropping_ = false;
  double drop_next_ = 0.0;
  uint32_t count_ = 0, last_count_ = 0;
};

}  // namespace cachestorm::models
