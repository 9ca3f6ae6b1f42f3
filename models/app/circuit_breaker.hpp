// A circuit breaker with resilience4j's semantics (CircuitBreakerStateMachine and
// CircuitBreakerMetrics of resilience4j 2.x, read from its source), on simulated time. The core
// of the fail-open cache breaker of the strategies issue: that strategy decides what a refused
// call does (read the origin, skip the write-back); this class only decides and counts.
//  - CLOSED permits every call. Each result goes into a sliding window (the last N calls, or the
//    calls of the last N whole seconds in 1-second buckets); once the window holds at least the
//    minimum number of calls (count-based: min(minimum, N)), the breaker opens when the failure
//    rate >= failure_rate_threshold or the slow-call rate >= slow_call_rate_threshold (percent).
//    A call is slow when its duration is strictly greater than slow_call_duration_s.
//  - OPEN refuses calls until the time is strictly after opening + wait_in_open_s; the first
//    call after that moves it to HALF_OPEN and takes one of its permits.
//  - HALF_OPEN permits exactly permitted_in_half_open calls, judged in a fresh count-based window
//    of that size (minimum: min(minimum, permitted)): thresholds exceeded -> OPEN again, else
//    CLOSED with a fresh window. With max_wait_in_half_open_s > 0 it opens when that passes
//    undecided. A result that arrives in OPEN is counted but decides nothing.
// Not modelled: forced/disabled states, exponential waits, ignored exception types. Plain C++.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace cachestorm::models {

struct CircuitBreakerConfig {  // resilience4j's defaults
  enum class Window { kCountBased, kTimeBased };
  Window window = Window::kCountBased;
  uint32_t window_size = 100;             // calls, or seconds for kTimeBased
  uint32_t minimum_calls = 100;
  double failure_rate_threshold = 50.0;   // percent
  double slow_call_rate_threshold = 100.0;
  double slow_call_duration_s = 60.0;
  double wait_in_open_s = 60.0;
  uint32_t permitted_in_half_open = 10;
  double max_wait_in_half_open_s = 0.0;   // 0: wait for the permitted calls however long
};

class CircuitBreaker {
 public:
  enum class State { kClosed, kOpen, kHalfOpen };

  // REQUIRES: window_size >= 1, permitted_in_half_open >= 1.
  explicit CircuitBreaker(const CircuitBreakerConfig& config);

  // Whether a call starting at t may go ahead (may move OPEN -> HALF_OPEN, HALF_OPEN -> OPEN).
  // REQUIRES: t never decreases from call to call of this or on_result.
  bool try_acquire(double t) { return state_ == State::kClosed || try_acquire_not_closed(t); }
  // The result of a permitted call, known at t, that took duration_s.
  void on_result(double t, bool success, double duration_s) {
    // A CLOSED breaker whose count-based window is full of successful, fast calls: one more
    // changes nothing (the call it pushes out was just like it), so it is not recorded.
    if (state_ == State::kClosed && success && duration_s <= config_.slow_call_duration_s && window_.full_and_clean())
      return;
    record_result(t, success, duration_s);
  }

  State state() const { return state_; }
  // The state changes since the last clear_transitions(), each with the instant it happened (a
  // half-open breaker whose max wait ran out opened at the end of that wait, not when noticed).
  struct Transition {
    double at_s;
    State from, to;
    double tripped_at_s;  // when the breaker last left CLOSED (for `to` CLOSED: the trip this ends)
  };
  const std::vector<Transition>& transitions() const { return transitions_; }
  void clear_transitions() { transitions_.clear(); }
  // When the breaker last left CLOSED (it has not closed since if state() != kClosed).
  double tripped_at_s() const { return tripped_at_s_; }
  uint64_t not_permitted() const { return not_permitted_; }
  uint64_t times_opened() const { return times_opened_; }

 private:
  // Outcomes in a sliding window: the last `size` calls, or the calls of the last `size` seconds.
  class Window {
   public:
    Window(CircuitBreakerConfig::Window type, uint32_t size);
    void record(double t, bool failed, bool slow);
    // Whether the window is count-based and full, and holds no failed or slow call.
    bool full_and_clean() const { return full_and_clean_; }
    // Records a successful, fast call if the window is count-based and holds no failed or slow
    // call (then only the calls' count can change); false: it did nothing.
    bool record_clean() {
      if (type_ != CircuitBreakerConfig::Window::kCountBased || failed != 0 || slow != 0) return false;
      Bucket& bucket = buckets_[next_];
      if (++next_ == buckets_.size()) next_ = 0;
      total += 1 - bucket.total;
      bucket.total = 1;
      full_and_clean_ = total == buckets_.size();
      return true;
    }
    uint64_t total = 0, failed = 0, slow = 0;

   private:
    struct Bucket {
      uint32_t total = 0, failed = 0, slow = 0;
    };
    void evict(Bucket& bucket);
    CircuitBreakerConfig::Window type_;
    std::vector<Bucket> buckets_;  // count-based: one call each, as a ring; time-based: one second each
    size_t next_ = 0;              // count-based: the slot the next call takes
    int64_t newest_epoch_ = -1;    // time-based: the latest second recorded
    bool full_and_clean_ = false;  // what full_and_clean() says, kept as calls are recorded
  };

  bool try_acquire_not_closed(double t);
  void record_result(double t, bool success, double duration_s);
  void open(double t);
  void close(double t);
  void start_closed_window();
  void half_open(double t);
  bool thresholds_exceeded() const;

  CircuitBreakerConfig config_;
  State state_ = State::kClosed;
  Window window_;
  uint32_t minimum_;               // calls the current window must hold before it judges
  double open_until_ = 0.0;        // OPEN: calls are refused while t <= this
  double half_open_until_ = 0.0;   // HALF_OPEN with a max wait: opens at this
  uint32_t permits_left_ = 0;      // HALF_OPEN
  uint64_t not_permitted_ = 0;
  uint64_t times_opened_ = 0;
  std::vector<Transition> transitions_;
  double tripped_at_s_ = 0.0;
};

// "closed", "open", "half_open".
const char* state_name(CircuitBreaker::State state);

}  // namespace cachestorm::models
