// The request path's one event calendar, ordered by (time, scheduling order), so events at the
// same instant run in the order they were scheduled. An event names the component it is for
// (its index in the plane's table), that component's own event kind and a reference (a request,
// a lane, a key). Events due later wait in a binary min-heap; those scheduled for the current
// instant itself (a hop with no latency) join a FIFO instead, with no heap work: they come after
// every heap event of that instant (scheduled earlier, when the clock was behind) and in the
// order they were scheduled, so the order is exactly the heap's. Plain C++, no SimGrid.
#pragma once
#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <vector>

namespace cachestorm::models {

struct CalendarEvent {
  double t;
  uint64_t seq;
  uint32_t ref;     // what the event is about, per kind
  uint16_t target;  // the component's index in the plane
  uint16_t kind;    // the component's own event kind
};

class Calendar {
 public:
  bool empty() const { return heap_.empty() && due_next_ == due_.size(); }
  size_t size() const { return heap_.size() + due_.size() - due_next_; }
  // The next event's time; infinity when there is none.
  double next_time() const {
    if (due_next_ < due_.size()) return due_[due_next_].t;
    return heap_.empty() ? std::numeric_limits<double>::infinity() : heap_.front().event.t;
  }
  // The clock is at t (it never goes back: an event scheduled in the past runs next, from the heap).
  void advance_to(double t) { now_ = std::max(now_, t); }
  double now() const { return now_; }
  void push(double t, uint16_t target, uint16_t kind, uint32_t ref) {
    const CalendarEvent event{t, next_seq_++, ref, target, kind};
    if (t == now_) {
      due_.push_back(event);
      return;
    }
    heap_.emplace_back();
    sift_up(heap_.size() - 1, {event, order_of(t)});
  }
  // REQUIRES: !empty().
  CalendarEvent pop() {
    if (due_next_ < due_.size() && (heap_.empty() || heap_.front().event.t > due_[due_next_].t)) {
      const CalendarEvent event = due_[due_next_++];
      if (due_next_ == due_.size()) {
        due_.clear();
        due_next_ = 0;
      }
      return event;
    }
    return pop_heap();
  }

 private:
  // A heap entry: the event and its time as an unsigned integer in the same order, so that
  // (time, seq) compares as one 128-bit number, with no branch.
  struct Entry {
    CalendarEvent event;
    uint64_t order;
  };
  __extension__ using OrderKey = unsigned __int128;  // GCC and Clang's 128-bit integer
  static uint64_t order_of(double t) {
    const auto bits = std::bit_cast<uint64_t>(t + 0.0);  // + 0.0: -0 is +0, as == says
    return bits ^ ((bits >> 63) != 0 ? ~uint64_t{0} : uint64_t{1} << 63);  // IEEE order as unsigned
  }
  static OrderKey key(const Entry& e) {
    return (static_cast<OrderKey>(e.order) << 64) | e.event.seq;
  }
  // Puts `entry` into the hole at `hole`, moving it up past later parents.
  void sift_up(size_t hole, const Entry& entry) {
    const OrderKey k = key(entry);
    while (hole > 0) {
      const size_t parent = (hole - 1) / 2;
      if (key(heap_[parent]) <= k) break;
      heap_[hole] = heap_[parent];
      hole = parent;
    }
    heap_[hole] = entry;
  }
  // Takes the root: its hole sinks to a leaf along the earlier child (chosen without a branch),
  // then the last entry fills it from there (Floyd's bottom-up deletion: it rarely moves up).
  CalendarEvent pop_heap() {
    const CalendarEvent top = heap_.front().event;
    const Entry last = heap_.back();
    heap_.pop_back();
    const size_t n = heap_.size();
    if (n == 0) return top;
    size_t hole = 0;
    for (size_t child = 1; child < n; child = 2 * hole + 1) {
      if (child + 1 < n) child += key(heap_[child + 1]) < key(heap_[child]);
      heap_[hole] = heap_[child];
      hole = child;
    }
    sift_up(hole, last);
    return top;
  }

  std::vector<Entry> heap_;
  std::vector<CalendarEvent> due_;  // events at now_, from due_next_ on, in scheduling order
  size_t due_next_ = 0;
  double now_ = 0.0;
  uint64_t next_seq_ = 0;
};

// A part of the request path that owns state and event kinds of its own: clients, application
// instances, the cache cluster, the origin. The plane dispatches each calendar event to its
// target's on_event; nothing else knows a component's kinds.
class Component {
 public:
  virtual ~Component() = default;
  // The event (kind, ref) this component scheduled is due; the plane's clock is at its time.
  virtual void on_event(uint16_t kind, uint32_t ref, double now) = 0;
};

}  // namespace cachestorm::models
