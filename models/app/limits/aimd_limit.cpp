// "aimd": {"initial": 20, "min": 1, "max": 200, "backoff_ratio": 0.9}: an adaptive limit by
// additive increase, multiplicative decrease (the rule of TCP's congestion window): each query
// answered in time raises the limit by 1 / limit (so by about 1 per limit's worth of answers),
// each one that fails or is given up multiplies it by backoff_ratio; kept within [min, max], and
// the whole part is the number of queries allowed.
#include <algorithm>
#include <cmath>

#include "models/app/limits/concurrency_limit.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

class AimdLimit final : public ConcurrencyLimit {
 public:
  AimdLimit(double initial, double min, double max, double ratio)
      : initial_(initial), min_(min), max_(max), ratio_(ratio), limit_(initial) {}
  std::unique_ptr<ConcurrencyLimit> fresh() const override {
    return std::make_unique<AimdLimit>(initial_, min_, max_, ratio_);
  }
  uint32_t limit() const override { return static_cast<uint32_t>(std::floor(limit_)); }
  void on_result(bool ok) override {
    limit_ = std::clamp(ok ? limit_ + 1.0 / limit_ : limit_ * ratio_, min_, max_);
  }

 private:
  double initial_, min_, max_, ratio_;
  double limit_;
};

std::unique_ptr<ConcurrencyLimit> read_aimd(sim::ConfigReader& reader) {
  double initial = 20, min = 1, max = 200, ratio = 0.9;
  reader.number("initial", initial, sim::Range::between(1, 1e6));
  reader.number("min", min, sim::Range::between(1, 1e6));
  reader.number("max", max, sim::Range::between(1, 1e6));
  reader.number("backoff_ratio", ratio, sim::Range::between(0.01, 0.99));
  if (!reader.describing() && (min > initial || initial > max))
    throw sim::ConfigError(reader.path_of("initial"), "must lie within [min, max]");
  return std::make_unique<AimdLimit>(initial, min, max, ratio);
}

CACHESTORM_REGISTER(ConcurrencyLimit, "aimd", read_aimd);

}  // namespace
}  // namespace cachestorm::models
