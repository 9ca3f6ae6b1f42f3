// State changes of a run's components with the simulated instant they happened, e.g. a cache
// shard going down at a fault, a circuit breaker opening. Models record; analysis writes them as
// events.jsonl. Not a trace of requests: only changes a reader of a report wants to see on a
// timeline, a few per component per incident. Holds at most kMaxEvents (later ones are counted
// as dropped, so a flapping breaker cannot eat the memory budget). Not thread-safe.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace cachestorm::models {

struct StateChange {
  double at_s = 0.0;
  std::string component;  // a summary-style path: "cache.shards.1", "app.0.key_classes.hot.breaker"
  std::string state;      // what it became: "down", "up", "open", "half_open", "closed"
};

class EventLog {
 public:
  static constexpr size_t kMaxEvents = 1'000'000;

  // REQUIRES: calls in non-decreasing at_s (the order the request path processes events).
  void record(double at_s, std::string component, std::string state) {
    if (changes_.size() >= kMaxEvents) {
      ++dropped_;
      return;
    }
    changes_.push_back({at_s, std::move(component), std::move(state)});
  }
  const std::vector<StateChange>& changes() const { return changes_; }
  uint64_t dropped() const { return dropped_; }

 private:
  std::vector<StateChange> changes_;
  uint64_t dropped_ = 0;
};

}  // namespace cachestorm::models
