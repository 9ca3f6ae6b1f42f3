// The request path's one event calendar: a binary min-heap ordered by (time, scheduling order),
// so events at the same instant run in the order they were scheduled. An event names the
// component it is for (its index in the plane's table), that component's own event kind and a
// reference (a request, a lane, a key). Plain C++, no SimGrid.
#pragma once
#include <algorithm>
#include <cstdint>
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
  bool empty() const { return heap_.empty(); }
  size_t size() const { return heap_.size(); }
  // REQUIRES: !empty().
  const CalendarEvent& top() const { return heap_.front(); }
  void push(double t, uint16_t target, uint16_t kind, uint32_t ref) {
    heap_.push_back({t, next_seq_++, ref, target, kind});
    std::push_heap(heap_.begin(), heap_.end(), Later{});
  }
  // REQUIRES: !empty().
  CalendarEvent pop() {
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
