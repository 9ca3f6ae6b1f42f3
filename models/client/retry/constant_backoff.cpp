// "constant": {"delay_s": 0.1, "jitter": "none"}: every retry waits delay_s (under its jitter).
#include "models/client/retry/backoff.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

class ConstantBackoff final : public Backoff {
 public:
  explicit ConstantBackoff(double delay_s) : delay_s_(delay_s) {}
  double ceiling_s(uint32_t) const override { return delay_s_; }

 private:
  double delay_s_;
};

std::unique_ptr<Backoff> read_constant(sim::ConfigReader& reader) {
  double delay_s = 0.1;
  reader.number("delay_s", delay_s, sim::Range::between(0.0, 86400.0));
  auto backoff = std::make_unique<ConstantBackoff>(delay_s);
  backoff->read_jitter(reader, Jitter::kNone);
  return backoff;
}

CACHESTORM_REGISTER(Backoff, "constant", read_constant);

}  // namespace
}  // namespace cachestorm::models
