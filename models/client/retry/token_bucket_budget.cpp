// "token_bucket": {"max_tokens": 500, "retry_cost": 5, "timeout_retry_cost": 10,
// "success_refund": 1}: the AWS SDKs' standard retry quota (failover-facts.md: 500 tokens, 5 per
// retry, 10 per retry after a timeout, 1 back per success). The bucket starts full; a retry needs
// its cost in the bucket and takes it; every success puts success_refund back, up to max_tokens.
#include <algorithm>

#include "models/client/retry/retry_budget.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

class TokenBucketBudget final : public RetryBudget {
 public:
  TokenBucketBudget(double max_tokens, double retry_cost, double timeout_cost, double refund)
      : max_(max_tokens), retry_cost_(retry_cost), timeout_cost_(timeout_cost), refund_(refund), tokens_(max_tokens) {}
  std::unique_ptr<RetryBudget> fresh() const override {
    return std::make_unique<TokenBucketBudget>(max_, retry_cost_, timeout_cost_, refund_);
  }
  void on_success(double) override { tokens_ = std::min(max_, tokens_ + refund_); }
  bool withdraw(double, bool after_timeout) override {
    const double cost = after_timeout ? timeout_cost_ : retry_cost_;
    if (tokens_ < cost) return false;
    tokens_ -= cost;
    return true;
  }

 private:
  double max_, retry_cost_, timeout_cost_, refund_;
  double tokens_;
};

std::unique_ptr<RetryBudget> read_token_bucket(sim::ConfigReader& reader) {
  double max_tokens = 500, retry_cost = 5, timeout_cost = 10, refund = 1;
  reader.number("max_tokens", max_tokens, sim::Range::between(0.0, 1e12));
  reader.number("retry_cost", retry_cost, sim::Range::between(0.0, 1e12));
  reader.number("timeout_retry_cost", timeout_cost, sim::Range::between(0.0, 1e12));
  reader.number("success_refund", refund, sim::Range::between(0.0, 1e12));
  return std::make_unique<TokenBucketBudget>(max_tokens, retry_cost, timeout_cost, refund);
}

CACHESTORM_REGISTER(RetryBudget, "token_bucket", read_token_bucket);

}  // namespace
}  // namespace cachestorm::models
