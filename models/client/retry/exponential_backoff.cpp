// "exponential": {"base_s": 0.05, "multiplier": 2, "cap_s": 20, "jitter": "full"}: retry k waits
// at most min(cap_s, base_s × multiplier^(k-1)), under its jitter (default full). The cap's default
// is the AWS SDKs' standard retry mode's (exponential with jitter, capped at 20 s).
#include <algorithm>
#include <cmath>

#include "models/client/retry/backoff.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

class ExponentialBackoff final : public Backoff {
 public:
  ExponentialBackoff(double base_s, double multiplier, double cap_s)
      : base_s_(base_s), multiplier_(multiplier), cap_s_(cap_s) {}
  double ceiling_s(uint32_t retry) const override {
    const double grown = base_s_ * std::pow(multiplier_, static_cast<double>(retry - 1));
    return std::min(cap_s_, grown);  // pow overflowing to infinity still gives the cap
  }

 private:
  double base_s_, multiplier_, cap_s_;
};

std::unique_ptr<Backoff> read_exponential(sim::ConfigReader& reader) {
  double base_s = 0.05, multiplier = 2.0, cap_s = 20.0;
  reader.number("base_s", base_s, sim::Range::between(0.0, 86400.0));
  reader.number("multiplier", multiplier, sim::Range::between(1.0, 1000.0));
  reader.number("cap_s", cap_s, sim::Range::between(0.0, 86400.0));
  auto backoff = std::make_unique<ExponentialBackoff>(base_s, multiplier, cap_s);
  backoff->read_jitter(reader, Jitter::kFull);
  return backoff;
}

CACHESTORM_REGISTER(Backoff, "exponential", read_exponential);

}  // namespace
}  // namespace cachestorm::models
