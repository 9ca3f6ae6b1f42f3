#include "models/app/circuit_breaker.hpp"

#include <algorithm>
#include <cmath>

namespace cachestorm::models {

CircuitBreaker::Window::Window(CircuitBreakerConfig::Window type, uint32_t size) : type_(type), buckets_(size) {}

void CircuitBreaker::Window::evict(Bucket& bucket) {
  total -= bucket.total;
  failed -= bucket.failed;
  slow -= bucket.slow;
  bucket = Bucket{};
}

void CircuitBreaker::Window::record(double t, bool is_failed, bool is_slow) {
  Bucket* bucket = nullptr;
  if (type_ == CircuitBreakerConfig::Window::kCountBased) {
    bucket = &buckets_[next_];
    if (++next_ == buckets_.size()) next_ = 0;
    evict(*bucket);  // the oldest call leaves when the ring is full
  } else {
    // The window holds the seconds (epoch - size, epoch]: moving forward, the buckets of the
    // seconds that fall out are emptied (at most `size` of them).
    const auto epoch = static_cast<int64_t>(std::floor(t));
    const auto size = static_cast<int64_t>(buckets_.size());
    const int64_t first_new = std::max(newest_epoch_ + 1, epoch - size + 1);
    for (int64_t e = first_new; e <= epoch; ++e) evict(buckets_[static_cast<size_t>(e % size)]);
    newest_epoch_ = std::max(newest_epoch_, epoch);
    bucket = &buckets_[static_cast<size_t>(epoch % size)];
  }
  ++bucket->total;
  ++total;
  if (is_failed) {
    ++bucket->failed;
    ++failed;
  }
  if (is_slow) {
    ++bucket->slow;
    ++slow;
  }
  full_and_clean_ = type_ == CircuitBreakerConfig::Window::kCountBased && failed == 0 && slow == 0 &&
                    total == buckets_.size();
}

CircuitBreaker::CircuitBreaker(const CircuitBreakerConfig& config)
    : config_(config), window_(config.window, config.window_size) {
  start_closed_window();
}

bool CircuitBreaker::thresholds_exceeded() const {
  if (window_.failed == 0 && window_.slow == 0) return false;  // both thresholds are above 0 %
  const double calls = static_cast<double>(window_.total);
  const double failure_rate = 100.0 * static_cast<double>(window_.failed) / calls;
  const double slow_rate = 100.0 * static_cast<double>(window_.slow) / calls;
  return failure_rate >= config_.failure_rate_threshold || slow_rate >= config_.slow_call_rate_threshold;
}

void CircuitBreaker::open(double t) {
  if (state_ == State::kClosed) tripped_at_s_ = t;
  transitions_.push_back({t, state_, State::kOpen, tripped_at_s_});
  state_ = State::kOpen;
  open_until_ = t + config_.wait_in_open_s;
  ++times_opened_;
}

void CircuitBreaker::close(double t) {
  transitions_.push_back({t, state_, State::kClosed, tripped_at_s_});
  state_ = State::kClosed;
  start_closed_window();
}

void CircuitBreaker::start_closed_window() {
  window_ = Window(config_.window, config_.window_size);
  const bool count_based = config_.window == CircuitBreakerConfig::Window::kCountBased;
  minimum_ = count_based ? std::min(config_.minimum_calls, config_.window_size) : config_.minimum_calls;
}

void CircuitBreaker::half_open(double t) {
  transitions_.push_back({t, state_, State::kHalfOpen, tripped_at_s_});
  state_ = State::kHalfOpen;
  window_ = Window(CircuitBreakerConfig::Window::kCountBased, config_.permitted_in_half_open);
  minimum_ = std::min(config_.minimum_calls, config_.permitted_in_half_open);
  permits_left_ = config_.permitted_in_half_open;
  half_open_until_ = t + config_.max_wait_in_half_open_s;
}

bool CircuitBreaker::try_acquire_not_closed(double t) {
  if (state_ == State::kHalfOpen && config_.max_wait_in_half_open_s > 0 && t >= half_open_until_) open(half_open_until_);
  if (state_ == State::kOpen && t > open_until_) half_open(t);
  if (state_ == State::kHalfOpen && permits_left_ > 0) {
    --permits_left_;
    return true;
  }
  ++not_permitted_;
  return false;
}

void CircuitBreaker::record_result(double t, bool success, double duration_s) {
  if (state_ == State::kOpen) return;  // recorded by resilience4j too, but it decides nothing
  const bool slow = duration_s > config_.slow_call_duration_s;
  if (success && !slow && window_.record_clean()) {  // both rates stay 0: it can only close
    if (state_ == State::kHalfOpen && window_.total >= minimum_) close(t);
    return;
  }
  window_.record(t, !success, slow);
  if (window_.total == 0 || window_.total < minimum_) return;
  if (thresholds_exceeded()) {
    open(t);
  } else if (state_ == State::kHalfOpen) {
    close(t);
  }
}

const char* state_name(CircuitBreaker::State state) {
  switch (state) {
    case CircuitBreaker::State::kClosed: return "closed";
    case CircuitBreaker::State::kOpen: return "open";
    case CircuitBreaker::State::kHalfOpen: return "half_open";
  }
  return "unknown";
}

}  // namespace cachestorm::models
