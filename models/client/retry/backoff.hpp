// How long a client waits before a retry ("backoff" in client.retries): a ceiling per retry from
// the backoff's kind (registered by name, one file each: constant, exponential), and a jitter
// that draws the actual wait below it. The jitter modes follow AWS's analysis of backoff with
// jitter (Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015):
//   none:  the ceiling d itself;
//   full:  uniform on [0, d);
//   equal: d/2 + uniform on [0, d/2).
// Not a retry policy: whether to retry at all is RetryPolicy's (models/client/retry/retry_policy.hpp).
#pragma once
#include <cstdint>
#include <memory>

#include "sim/rng.hpp"

namespace cachestorm::sim {
class ConfigReader;
}

namespace cachestorm::models {

enum class Jitter : uint8_t { kNone, kFull, kEqual };

class Backoff {
 public:
  virtual ~Backoff() = default;
  // The ceiling of the wait before retry `retry` (1: the first retry), >= 0 and finite.
  virtual double ceiling_s(uint32_t retry) const = 0;
  // The wait before retry `retry`: the ceiling with the jitter applied. Draws one number from rng
  // unless the jitter is none.
  double delay_s(uint32_t retry, sim::Rng& rng) const;
  // Reads "jitter" (none, full, equal; default `fallback`) from the backoff's block.
  void read_jitter(sim::ConfigReader& reader, Jitter fallback);

 private:
  Jitter jitter_ = Jitter::kNone;
};

}  // namespace cachestorm::models
