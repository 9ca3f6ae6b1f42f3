// The circuit breaker against resilience4j's semantics (models/app/circuit_breaker.hpp): each
// expected transition is worked out by hand from the rules its header states, which follow the
// library's CircuitBreakerStateMachine and CircuitBreakerMetrics.
// BreakerResults (models/app/breaker_results.hpp): the order results reach their breakers.
#include <gtest/gtest.h>

#include <vector>

#include "models/app/breaker_results.hpp"
#include "models/app/circuit_breaker.hpp"

namespace cachestorm::models {
namespace {

using State = CircuitBreaker::State;

CircuitBreakerConfig count_based(uint32_t size, uint32_t minimum) {
  CircuitBreakerConfig config;
  config.window_size = size;
  config.minimum_calls = minimum;
  config.wait_in_open_s = 5.0;
  config.permitted_in_half_open = 3;
  return config;
}

// Records `outcomes` ('F' failure, 'S' success, 'L' slow success) as calls at t, t+1, ...
void record(CircuitBreaker& breaker, const std::string& outcomes, double t = 0.0, double slow_s = 100.0) {
  for (char outcome : outcomes) {
    ASSERT_TRUE(breaker.try_acquire(t));
    breaker.on_result(t, outcome != 'F', outcome == 'L' ? slow_s : 0.001);
    t += 1.0;
  }
}

TEST(CircuitBreaker, DefaultsAreResilience4js) {
  const CircuitBreakerConfig config;
  EXPECT_EQ(config.window, CircuitBreakerConfig::Window::kCountBased);
  EXPECT_EQ(config.window_size, 100u);
  EXPECT_EQ(config.minimum_calls, 100u);
  EXPECT_EQ(config.failure_rate_threshold, 50.0);
  EXPECT_EQ(config.slow_call_rate_threshold, 100.0);
  EXPECT_EQ(config.slow_call_duration_s, 60.0);
  EXPECT_EQ(config.wait_in_open_s, 60.0);
  EXPECT_EQ(config.permitted_in_half_open, 10u);
  EXPECT_EQ(config.max_wait_in_half_open_s, 0.0);
}

TEST(CircuitBreaker, OpensOnlyOnceTheWindowHoldsTheMinimumAndTheRateReachesTheThreshold) {
  CircuitBreaker breaker(count_based(10, 10));
  record(breaker, "SSSSSFFFF");  // 9 calls: below the minimum of 10, whatever the rate
  EXPECT_EQ(breaker.state(), State::kClosed);
  record(breaker, "F", 9.0);  // 10 calls, 5 failed: 50 % >= 50 %
  EXPECT_EQ(breaker.state(), State::kOpen);
  EXPECT_EQ(breaker.times_opened(), 1u);
}

TEST(CircuitBreaker, TheMinimumIsClampedToACountWindowAndTheWindowSlides) {
  CircuitBreaker breaker(count_based(4, 100));  // minimum min(100, 4) = 4
  record(breaker, "FSSS");  // 1 of 4 failed: 25 %
  record(breaker, "SS", 4.0);  // window S S S S: 0 %
  EXPECT_EQ(breaker.state(), State::kClosed);
  record(breaker, "F", 6.0);  // window S S S F: 25 %
  EXPECT_EQ(breaker.state(), State::kClosed);
  record(breaker, "F", 7.0);  // window S S F F: 50 %
  EXPECT_EQ(breaker.state(), State::kOpen);
}

// A CLOSED window full of clean calls does not record more of them (nothing would change); the
// window must still be the last 4 calls: the first failure leaves exactly 4 calls later.
TEST(CircuitBreaker, AWindowFullOfCleanCallsStillHoldsExactlyTheLastCalls) {
  CircuitBreakerConfig config = count_based(4, 4);
  config.failure_rate_threshold = 75.0;
  CircuitBreaker breaker(config);
  record(breaker, "SSSSSSSSSS");  // full and clean from the 4th call on
  record(breaker, "FSSSFF", 10.0);  // S S S F, ..., F S S S, S S S F (the first F left), S S F F: 50 %
  EXPECT_EQ(breaker.state(), State::kClosed);
  record(breaker, "F", 16.0);  // S F F F: 75 %
  EXPECT_EQ(breaker.state(), State::kOpen);
}

TEST(CircuitBreaker, OpenRefusesUntilStrictlyAfterTheWaitThenHalfOpenPermitsExactlyItsCalls) {
  CircuitBreaker breaker(count_based(2, 2));
  record(breaker, "FF", 9.0);  // opens at t = 10 (the second call), refusing until t > 15
  ASSERT_EQ(breaker.state(), State::kOpen);
  EXPECT_FALSE(breaker.try_acquire(12.0));
  EXPECT_FALSE(breaker.try_acquire(15.0));
  EXPECT_EQ(breaker.not_permitted(), 2u);
  EXPECT_TRUE(breaker.try_acquire(15.5));  // first of 3 permits
  EXPECT_EQ(breaker.state(), State::kHalfOpen);
  EXPECT_TRUE(breaker.try_acquire(15.6));
  EXPECT_TRUE(breaker.try_acquire(15.7));
  EXPECT_FALSE(breaker.try_acquire(15.8));  // the permits are taken until the trial is judged
  EXPECT_EQ(breaker.not_permitted(), 3u);
}

TEST(CircuitBreaker, HalfOpenJudgesWithTheMinimumClampedToItsPermits) {
  // minimum 2 with 3 permits: two trial results (F, S = 50 %) already decide.
  CircuitBreaker breaker(count_based(2, 2));
  record(breaker, "FF");
  for (double t : {7.0, 7.1}) ASSERT_TRUE(breaker.try_acquire(t));
  breaker.on_result(8.0, false, 0.001);
  breaker.on_result(8.1, true, 0.001);
  EXPECT_EQ(breaker.state(), State::kOpen);
}

TEST(CircuitBreaker, HalfOpenClosesBelowTheThresholdAndReopensAtIt) {
  // minimum 100 clamps to 2 in the closed window of 2 calls and to 3 in the half-open trial of 3.
  CircuitBreaker closing(count_based(2, 100));
  record(closing, "FF");  // open at t = 1 until 6
  for (double t : {7.0, 7.1, 7.2}) ASSERT_TRUE(closing.try_acquire(t));
  closing.on_result(8.0, false, 0.001);
  closing.on_result(8.1, true, 0.001);
  EXPECT_EQ(closing.state(), State::kHalfOpen) << "2 of 3 trial results: below the half-open minimum of 3";
  closing.on_result(8.2, true, 0.001);  // 1 of 3 failed: 33 % < 50 %
  EXPECT_EQ(closing.state(), State::kClosed);
  record(closing, "F", 9.0);  // a fresh window: 1 call is below the minimum of 2
  EXPECT_EQ(closing.state(), State::kClosed);

  CircuitBreaker reopening(count_based(2, 100));
  record(reopening, "FF");
  for (double t : {7.0, 7.1, 7.2}) ASSERT_TRUE(reopening.try_acquire(t));
  reopening.on_result(8.0, false, 0.001);
  reopening.on_result(8.1, false, 0.001);
  reopening.on_result(8.2, true, 0.001);  // 2 of 3 failed: 67 % >= 50 %
  EXPECT_EQ(reopening.state(), State::kOpen);
  EXPECT_EQ(reopening.times_opened(), 2u);
  EXPECT_FALSE(reopening.try_acquire(13.2)) << "open again for 5 s from t = 8.2";
  EXPECT_TRUE(reopening.try_acquire(13.3));
}

TEST(CircuitBreaker, SlowCallsAreStrictlyLongerThanTheThresholdAndCountTowardTheirOwnRate) {
  CircuitBreakerConfig config = count_based(4, 4);
  config.slow_call_duration_s = 1.0;
  config.slow_call_rate_threshold = 50.0;
  CircuitBreaker breaker(config);
  record(breaker, "LLSS", 0.0, 1.0);  // exactly 1.0 s is not slow: 0 % slow
  EXPECT_EQ(breaker.state(), State::kClosed);
  record(breaker, "LL", 4.0, 1.001);  // window S S L L: 50 % slow, no failures
  EXPECT_EQ(breaker.state(), State::kOpen);
}

TEST(CircuitBreaker, ATimeWindowHoldsTheLastWholeSecondsAndItsMinimumIsNotClamped) {
  CircuitBreakerConfig config;
  config.window = CircuitBreakerConfig::Window::kTimeBased;
  config.window_size = 10;  // seconds
  config.minimum_calls = 3;
  CircuitBreaker late(config);
  for (double t : {0.5, 1.5, 12.0}) {
    ASSERT_TRUE(late.try_acquire(t));
    late.on_result(t, false, 0.001);
  }
  EXPECT_EQ(late.state(), State::kClosed) << "at t = 12 the window is seconds 3..12: one call";
  CircuitBreaker inside(config);
  for (double t : {0.5, 1.5, 9.9}) {
    ASSERT_TRUE(inside.try_acquire(t));
    inside.on_result(t, false, 0.001);
  }
  EXPECT_EQ(inside.state(), State::kOpen) << "seconds 0..9 hold all three failures";

  config.minimum_calls = 20;  // above the window's 10 s: a time window does not clamp it
  CircuitBreaker unclamped(config);
  for (int i = 0; i < 19; ++i) {
    ASSERT_TRUE(unclamped.try_acquire(0.01 * i));
    unclamped.on_result(0.01 * i, false, 0.001);
  }
  EXPECT_EQ(unclamped.state(), State::kClosed);
}

TEST(CircuitBreaker, AnUndecidedHalfOpenOpensAfterItsMaximumWait) {
  CircuitBreakerConfig config = count_based(2, 2);
  config.max_wait_in_half_open_s = 2.0;
  CircuitBreaker breaker(config);
  record(breaker, "FF");  // open until 6
  ASSERT_TRUE(breaker.try_acquire(6.5));  // half-open until 8.5
  EXPECT_TRUE(breaker.try_acquire(8.0));
  EXPECT_FALSE(breaker.try_acquire(8.5));  // opened at 8.5 for 5 s
  EXPECT_EQ(breaker.state(), State::kOpen);
  EXPECT_TRUE(breaker.try_acquire(13.6));
}

// Results filed early come out in (time, rank) order: a give-up (kBeforeReplies) before a reply
// of the same instant, equal keys in filing order; "before t" leaves those at t, "through t"
// takes them.
TEST(BreakerResults, AppliesResultsInTimeOrderGiveUpsBeforeRepliesOfTheSameInstant) {
  BreakerResults results;
  auto result = [](double at_s, uint32_t tag, uint8_t rank) {  // the tag goes in duration_s
    return BreakerResult{at_s, static_cast<double>(tag), nullptr, true, rank};
  };
  results.file(result(2.0, 1, BreakerResults::kReply));
  results.file(result(3.0, 2, BreakerResults::kReply));
  results.file(result(1.0, 3, BreakerResults::kReply));          // out of order
  results.file(result(2.0, 4, BreakerResults::kBeforeReplies));  // a give-up at 2.0
  results.file(result(2.0, 5, BreakerResults::kReply));
  for (uint32_t i = 0; i < 40; ++i) results.file(result(4.0 + i, 100 + i, BreakerResults::kReply));  // grows
  std::vector<uint32_t> order;
  auto take = [&order](const BreakerResult& r) { order.push_back(static_cast<uint32_t>(r.duration_s)); };
  results.apply_due(2.0, false, take);
  EXPECT_EQ(order, (std::vector<uint32_t>{3}));
  results.apply_due(2.0, true, take);
  EXPECT_EQ(order, (std::vector<uint32_t>{3, 4, 1, 5}));
  results.apply_due(4.5, true, take);
  EXPECT_EQ(order, (std::vector<uint32_t>{3, 4, 1, 5, 2, 100}));
  EXPECT_EQ(results.size(), 39u);
}

}  // namespace
}  // namespace cachestorm::models
