// An up-front estimate of the memory a scenario needs, so a run that cannot fit the machine is
// refused before it allocates anything, and a bound on the requests it may hold in flight.
//
// Fixed: the engine, platform and metrics (an allowance measured on the canonical scenarios:
// ~46 MB resident before the model is built). Per key of the key space: the cache tier's entry,
// the value size, the popularity tables at their construction peak, and with writes the
// versions (models/writes/source_versions.hpp). Per request in flight
// (waiting for or at the origin): its record, its calendar event and its queue entry, with room
// for the containers' doubling. Not counted: the metric windows, which grow with simulated time
// (about 0.7 KB per second with one shard, 0.3 KB more per shard).
// An estimate, not a measurement: `cachestorm bench` measures.
#pragma once
#include <cstdint>
#include <string>

#include "models/scenario.hpp"

namespace cachestorm::models {

struct MemoryEstimate {
  static constexpr uint64_t kFixedBytes = 64ull << 20;
  static constexpr uint64_t kBytesPerInFlight = 160;

  uint64_t keys = 0;
  double bytes_per_key = 0;
  uint64_t key_space_bytes = 0;
  uint64_t static_bytes() const { return kFixedBytes + key_space_bytes; }
};

MemoryEstimate estimate_memory(const Scenario& scenario);

// Requests in flight that fit in `budget_bytes` beside the estimate's static part (at least 0,
// at most what a request id can count). The run stops cleanly when it would exceed this.
uint32_t in_flight_bound(const MemoryEstimate& estimate, uint64_t budget_bytes);

// "1.5 GB", "640 MB": a byte count for messages.
std::string human_bytes(double bytes);

}  // namespace cachestorm::models
