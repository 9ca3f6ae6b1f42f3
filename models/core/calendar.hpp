// The request path's one event calendar, ordered by (time, scheduling order), so events at the
// same instant run in the order they were scheduled. An event names the component it is for
// (its index in the plane's table), that component's own event kind and a reference (a request,
// a lane, a key). Events due later wait in a binary min-heap; those scheduled for the current
// instant itself (a hop with no latency) join a FIFO instead, with no heap work: they come after
// every heap event of that instant (scheduled earlier, when the clock was behind) and in the
// order they were scheduled, so the order is exactly the heap's. Plain C++, no SimGrid.
#pragma once
#include <algorithm>
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
  // The next event's time; infinity when there is none.
  double next_time() const {
    if (due_next_ < due_.size()) return due_[due_next_].t;
    return heap_.empty() ? std::numeric_limits<double>::infinity() : heap_.front().t;
  }
  // The clock is at t (it never goes back: an event scheduled in the past runs next, from the heap).
  void advance_to(double t) { now_ = std::max(now_, t); }
  void push(double t, uint16_t target, uint16_t kind, uint32_t ref) {
    if (t == now_) {
      due_.push_back({t, next_seq_++, ref, target, kind});
      return;
    }
    heap_.push_back({t, next_seq_++, ref, target, kind});
    std::push_heap(heap_.begin(), heap_.end(), Later{});
  }
  // REQUIRES: !empty().
  CalendarEvent pop() {
    if (due_next_ < due_.size() && (heap_.empty() || heap_.front().t > due_[due_next_].t)) {
      const CalendarEvent event = due_[due_next_++];
      if (due_next_ == due_.size()) {
        due_.clear();
        due_next_ = 0;
      }
      return event;
    }
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    CalendarEvent event = heap_.back();
    heap_.pop_back();
    return event;
  }

 private:
  struct Later {  // a type, not a function pointer, so the heap code inlines it
    bool operator()(const CalendarEvent& a, const CalendarEvent& b) const {
      return a.t > b.t || (a.t == b.t && a.seq > b.seq);
    }
  };
  std::vector<CalendarEvent> heap_;
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
