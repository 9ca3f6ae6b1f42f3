// Which key a request asks for: "keys": {"type": "zipf", "count": N, "s": 1.0} or "uniform".
// Keys are dense ids 0..count-1; for skewed types, lower ids are the more popular ones.
// Construction is cheap (parsing a scenario allocates nothing per key); sampling tables are built
// by prepare() or, failing that, by the first draw. Draws take the caller's Rng. Not thread-safe.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "models/workload/arrival_process.hpp"

#include "sim/rng.hpp"

namespace cachestorm::models {

class KeyPopularity {
 public:
  virtual ~KeyPopularity() = default;
  virtual uint32_t sample(sim::Rng& rng) const = 0;
  // Fills keys[0..n) with the next n draws: exactly what n calls of sample() would give, but an
  // implementation may overlap their memory accesses.
  virtual void sample_batch(sim::Rng& rng, uint32_t* keys, size_t n) const {
    for (size_t i = 0; i < n; ++i) keys[i] = sample(rng);
  }
  virtual uint32_t key_count() const = 0;
  // Builds the sampling tables now (the run does this before it starts its clock; a parent process
  // does it before forking replications, which then share the tables copy-on-write).
  virtual void prepare() const {}
  // Frees the tables prepare() built; a later draw or prepare() builds them again, identical.
  virtual void release() const {}
  // Memory the tables take per key at their peak (while being built), for the up-front estimate.
  virtual double peak_bytes_per_key() const { return 0.0; }
  // Exact probability of key `key`, for closed-form checks.
  virtual double probability(uint32_t key) const = 0;
  // True if probability() never increases with the key's index (key 0 is the most requested).
  virtual bool descending() const { return false; }

  // Replayed keys (a trace) have names of their own; nullptr: the class's pattern makes them.
  virtual const std::string* key_name(uint32_t key) const {
    (void)key;
    return nullptr;
  }
  // A replayed key's value size, if the trace gives one.
  virtual std::optional<uint32_t> value_bytes(uint32_t key) const {
    (void)key;
    return std::nullopt;
  }
  // The request times of a trace that has them (the class's arrivals then), else nullptr.
  virtual std::unique_ptr<ArrivalProcess> trace_arrivals() const { return nullptr; }
};

}  // namespace cachestorm::models
