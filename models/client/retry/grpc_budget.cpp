// "grpc": {"max_tokens": 10, "token_ratio": 0.1}: gRPC's retry throttling (failover-facts.md; the
// proposal's example values are the defaults). The tokens start at max_tokens; a failed attempt
// takes 1 (not below 0), a success gives token_ratio back (not above max_tokens); a retry is
// allowed only while the tokens are above max_tokens / 2, and costs nothing of its own.
#include <algorithm>

#include "models/client/retry/retry_budget.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

class GrpcBudget final : public RetryBudget {
 public:
  GrpcBudget(double max_tokens, double ratio) : max_(max_tokens), ratio_(ratio), tokens_(max_tokens) {}
  std::unique_ptr<RetryBudget> fresh() const override { return std::make_unique<GrpcBudget>(max_, ratio_); }
  void on_success(double) override { tokens_ = std::min(max_, tokens_ + ratio_); }
  void on_failure(double, bool) override { tokens_ = std::max(0.0, tokens_ - 1.0); }
  bool withdraw(double, bool) override { return tokens_ > max_ / 2; }

 private:
  double max_, ratio_;
  double tokens_;
};

std::unique_ptr<RetryBudget> read_grpc(sim::ConfigReader& reader) {
  double max_tokens = 10, ratio = 0.1;
  // gRPC's service config takes maxTokens in (0, 1000] and a tokenRatio above 0.
  reader.number("max_tokens", max_tokens, sim::Range::between(1e-9, 1000.0));
  reader.number("token_ratio", ratio, sim::Range::between(1e-9, 1000.0));
  return std::make_unique<GrpcBudget>(max_tokens, ratio);
}

CACHESTORM_REGISTER(RetryBudget, "grpc", read_grpc);

}  // namespace
}  // namespace cachestorm::models
