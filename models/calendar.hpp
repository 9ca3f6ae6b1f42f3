// The request path's own event calendar: a binary min-heap ordered by (time, scheduling order),
// so events at the same instant run in the order they were scheduled. Plain C++, no SimGrid.
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

namespace cachestorm::models {

struct CalendarEvent {
  double t;
  uint64_t seq;
  uint32_t kind;
  uint32_t ref;  // what the event is about (a query slot, a key), per kind
};

class Calendar {
 public:
  bool empty() const { return heap_.empty(); }
  // REQUIRES: !empty().
  const CalendarEvent& top() const { return heap_.front(); }
  void push(double t, uint32_t kind, uint32_t ref) {
    heap_.push_back({t, next_seq_++, kind, ref});
    std::push_heap(heap_.begin(), heap_.end(), later);
  }
  // REQUIRES: !empty().
  CalendarEvent pop() {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    CalendarEvent event = heap_.back();
    heap_.pop_back();
    return event;
  }

 private:
  static bool later(const CalendarEvent& a, const CalendarEvent& b) {
    return a.t > b.t || (a.t == b.t && a.seq > b.seq);
  }
  std::vector<CalendarEvent> heap_;
  uint64_t next_seq_ = 0;
};

}  // namespace cachestorm::models
