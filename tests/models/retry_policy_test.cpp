// Retry budgets and backoffs (models/client/retry/), without an engine: each budget's grants and
// refusals step by step against its rule, the ratio budget's window sliding (requests older than
// the window stop counting), backoff ceilings in closed form, and the jitters' ranges and means.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "models/app/limits/concurrency_limit.hpp"
#include "models/client/retry/backoff.hpp"
#include "models/client/retry/retry_budget.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

template <class Base>
std::unique_ptr<Base> make(const nlohmann::json& block) {
  nlohmann::json resolved;
  sim::ConfigReader reader(block, resolved, "client.retries.x");
  return reader.build_typed<Base>("");
}

TEST(RetryBudget, TokenBucketTakesItsCostAndRefundsPerSuccessUpToItsSize) {
  const auto b = make<RetryBudget>({{"type", "token_bucket"}, {"max_tokens", 22}});  // costs 5 and 10, refund 1
  EXPECT_TRUE(b->withdraw(0, true));    // 12 left
  EXPECT_TRUE(b->withdraw(0, false));   // 7
  EXPECT_FALSE(b->withdraw(0, true));   // 10 > 7
  EXPECT_TRUE(b->withdraw(0, false));   // 2
  EXPECT_FALSE(b->withdraw(0, false));  // 5 > 2
  for (int i = 0; i < 3; ++i) b->on_success(0);  // 5
  EXPECT_TRUE(b->withdraw(0, false));            // 0
  for (int i = 0; i < 100; ++i) b->on_success(0);  // capped at 22
  EXPECT_TRUE(b->withdraw(0, true));
  EXPECT_TRUE(b->withdraw(0, true));
  EXPECT_FALSE(b->withdraw(0, false));  // 2 left
  const auto fresh = b->fresh();        // the same settings, full again
  EXPECT_TRUE(fresh->withdraw(0, true));
  EXPECT_TRUE(fresh->withdraw(0, true));
}

TEST(RetryBudget, GrpcThrottlesAtHalfItsTokensAndRecoversByItsRatio) {
  const auto b = make<RetryBudget>({{"type", "grpc"}, {"max_tokens", 4}, {"token_ratio", 0.5}});
  EXPECT_TRUE(b->withdraw(0, false));  // 4 > 2
  b->on_failure(0, false);             // 3
  EXPECT_TRUE(b->withdraw(0, false));
  b->on_failure(0, true);  // 2: not above half
  EXPECT_FALSE(b->withdraw(0, false));
  b->on_success(0);  // 2.5
  EXPECT_TRUE(b->withdraw(0, false));
  for (int i = 0; i < 10; ++i) b->on_failure(0, false);  // floored at 0
  for (int i = 0; i < 5; ++i) b->on_success(0);          // 2.5
  EXPECT_TRUE(b->withdraw(0, false));
}

TEST(RetryBudget, RatioAllowsItsFractionOfTheWindowsRequestsPlusTheMinimum) {
  // 50 % of requests over 1 s (slices of 0.1 s), and 2 retries per second always: a reserve of 2.
  const auto b = make<RetryBudget>({{"type", "ratio"}, {"ratio", 0.5}, {"window_s", 1}, {"min_per_s", 2}});
  for (int i = 0; i < 10; ++i) b->on_request(0.05);  // balance 2 + 5
  for (int i = 0; i < 7; ++i) EXPECT_TRUE(b->withdraw(0.06, false)) << i;
  EXPECT_FALSE(b->withdraw(0.06, false));
  EXPECT_FALSE(b->withdraw(0.99, false));  // still the same window
  // At 1.0 the slice of 0.05 leaves the window: the requests and the retries with it.
  EXPECT_TRUE(b->withdraw(1.0, false));
  EXPECT_TRUE(b->withdraw(1.0, false));
  EXPECT_FALSE(b->withdraw(1.0, false));
  // Requests spread over the window all count; after a quiet spell of several windows none do.
  for (int i = 0; i < 10; ++i) b->on_request(1.0 + 0.09 * i);  // slices 10..19
  // Window [1, 2): 2 + 0.5 x 10 - 2 (the two retries at 1.0) = 5: five more retries.
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(b->withdraw(1.95, false)) << i;
  EXPECT_FALSE(b->withdraw(1.95, false));
  EXPECT_TRUE(b->withdraw(50.0, false));  // only the reserve: 2
  EXPECT_TRUE(b->withdraw(50.0, false));
  EXPECT_FALSE(b->withdraw(50.0, false));
}

TEST(Backoff, CeilingsFollowTheirFormulaAndJittersStayInTheirRange) {
  sim::Rng rng(7);
  const auto constant = make<Backoff>({{"type", "constant"}, {"delay_s", 0.25}});
  for (uint32_t k = 1; k < 5; ++k) EXPECT_EQ(constant->delay_s(k, rng), 0.25);
  const auto exponential =
      make<Backoff>({{"type", "exponential"}, {"base_s", 0.1}, {"multiplier", 3}, {"cap_s", 2}, {"jitter", "none"}});
  EXPECT_DOUBLE_EQ(exponential->delay_s(1, rng), 0.1);
  EXPECT_DOUBLE_EQ(exponential->delay_s(2, rng), 0.3);
  EXPECT_DOUBLE_EQ(exponential->delay_s(3, rng), 0.9);
  EXPECT_EQ(exponential->delay_s(4, rng), 2.0);
  EXPECT_EQ(exponential->delay_s(4000, rng), 2.0);  // pow overflows to infinity: still the cap
  // Full jitter: uniform on [0, d), mean d/2; equal: d/2 + uniform on [0, d/2), mean 3d/4.
  // 10^5 draws: the mean's standard error is d / sqrt(12 * 10^5) (full), half that (equal).
  const auto full = make<Backoff>({{"type", "exponential"}, {"base_s", 1}, {"cap_s", 100}});
  const auto equal = make<Backoff>({{"type", "exponential"}, {"base_s", 1}, {"cap_s", 100}, {"jitter", "equal"}});
  const int n = 100000;
  double full_sum = 0, equal_sum = 0;
  for (int i = 0; i < n; ++i) {
    const double f = full->delay_s(3, rng), e = equal->delay_s(3, rng);  // d = 4
    ASSERT_GE(f, 0.0);
    ASSERT_LT(f, 4.0);
    ASSERT_GE(e, 2.0);
    ASSERT_LT(e, 4.0);
    full_sum += f;
    equal_sum += e;
  }
  const double se = 4.0 / std::sqrt(12.0 * n);
  EXPECT_NEAR(full_sum / n, 2.0, 3 * se);
  EXPECT_NEAR(equal_sum / n, 3.0, 3 * se / 2);
}

TEST(ConcurrencyLimit, AimdAddsOneOverItsLimitPerSuccessAndCutsByItsRatioPerFailure) {
  const auto limit = make<ConcurrencyLimit>({{"type", "aimd"}, {"initial", 4}, {"min", 2}, {"max", 6}, {"backoff_ratio", 0.5}});
  EXPECT_EQ(limit->limit(), 4u);
  // 4 -> 4.25 -> 4.485 -> 4.708 -> 4.921 -> 5.124: the fifth success lifts it to 5.
  for (int i = 0; i < 4; ++i) limit->on_result(true);
  EXPECT_EQ(limit->limit(), 4u);
  limit->on_result(true);
  EXPECT_EQ(limit->limit(), 5u);
  limit->on_result(false);  // halved: 2.56
  EXPECT_EQ(limit->limit(), 2u);
  limit->on_result(false);  // not below min
  EXPECT_EQ(limit->limit(), 2u);
  for (int i = 0; i < 1000; ++i) limit->on_result(true);  // not above max
  EXPECT_EQ(limit->limit(), 6u);
  const auto fixed = make<ConcurrencyLimit>({{"type", "static"}, {"limit", 3}});
  fixed->on_result(false);
  EXPECT_EQ(fixed->limit(), 3u);
}

}  // namespace
}  // namespace cachestorm::models
