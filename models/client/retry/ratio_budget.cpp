// "ratio": {"ratio": 0.2, "window_s": 10, "min_per_s": 10}: Finagle's RetryBudget
// (failover-facts.md: retries at most 20 % of the requests over 10 s, plus 10 retries per second
// always allowed). A retry is allowed while
//     min_per_s × window_s + ratio × (requests in the window) − (retries in the window) >= 1,
// the window being the last window_s, kept as 10 slices of window_s / 10 (the current slice
// counts from its start). So in every window retries stay within ratio × requests plus the
// minimum's reserve.
#include <array>
#include <cmath>
#include <cstdint>

#include "models/client/retry/retry_budget.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

class RatioBudget final : public RetryBudget {
 public:
  RatioBudget(double ratio, double window_s, double min_per_s)
      : ratio_(ratio), window_s_(window_s), min_per_s_(min_per_s), slice_s_(window_s / kSlices) {}
  std::unique_ptr<RetryBudget> fresh() const override {
    return std::make_unique<RatioBudget>(ratio_, window_s_, min_per_s_);
  }
  void on_request(double now) override {
    if (Slice* slice = slice_at(now)) {
      ++slice->requests;
      ++requests_;
    }
  }
  bool withdraw(double now, bool) override {
    Slice* slice = slice_at(now);
    const double balance =
        min_per_s_ * window_s_ + ratio_ * static_cast<double>(requests_) - static_cast<double>(retries_);
    if (slice == nullptr || balance < 1.0) return false;
    ++slice->retries;
    ++retries_;
    return true;
  }

 private:
  static constexpr int64_t kSlices = 10;
  struct Slice {
    uint64_t requests = 0, retries = 0;
  };
  // The slice holding now, after dropping the slices that left the window; null when now lies
  // before the window (a request sent before a later decision, by more than the window).
  Slice* slice_at(double now) {
    const auto k = static_cast<int64_t>(std::floor(now / slice_s_));
    if (k <= latest_ - kSlices) return nullptr;
    if (k - latest_ >= kSlices) {  // a quiet spell as long as the window: every slice is empty now
      slices_ = {};
      requests_ = retries_ = 0;
      latest_ = k;
    }
    while (latest_ < k) {  // slices latest_+1 .. k start empty
      Slice& entering = slices_[static_cast<size_t>(++latest_ % kSlices)];
      requests_ -= entering.requests;
      retries_ -= entering.retries;
      entering = {};
    }
    return &slices_[static_cast<size_t>(k % kSlices)];
  }

  double ratio_, window_s_, min_per_s_, slice_s_;
  std::array<Slice, kSlices> slices_{};
  int64_t latest_ = 0;  // the newest slice index seen
  uint64_t requests_ = 0, retries_ = 0;  // over the slices in the window
};

std::unique_ptr<RetryBudget> read_ratio(sim::ConfigReader& reader) {
  double ratio = 0.2, window_s = 10, min_per_s = 10;
  reader.number("ratio", ratio, sim::Range::between(0.0, 1.0));
  reader.number("window_s", window_s, sim::Range::between(1e-3, 86400.0));
  reader.number("min_per_s", min_per_s, sim::Range::between(0.0, 1e9));
  return std::make_unique<RatioBudget>(ratio, window_s, min_per_s);
}

CACHESTORM_REGISTER(RetryBudget, "ratio", read_ratio);

}  // namespace
}  // namespace cachestorm::models
