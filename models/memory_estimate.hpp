// An up-front estimate of the memory a scenario needs, so a run that cannot fit its budget is
// refused before it allocates anything, and a bound on the requests it may hold in flight.
//
// Every part that grows with the scenario is counted, each from a measurement of peak resident
// memory (bench runs of steady with one dimension varied, 2026-12-06):
// - fixed: the engine, platform and metrics of the smallest run (~46 MB before the model).
// - the key space, per key: the cache tier's entry, the value size, the popularity tables at their
//   construction peak, and with writes the versions (models/writes/source_versions.hpp).
// - hosts: each client, app instance and cache node with its link, state and metric series; each
//   (app instance, cache node) pair with its connection lanes and path.
// - metric windows: the table's row and latency histograms of each window held (growing with
//   shards, app instances and key classes; a few dozen windows at once, the rest in a file: see
//   metric_table.hpp), and a few hundred bytes per simulated second, whatever the topology; the
//   time series text goes to its file as it is written.
// - per request in flight (waiting for or at the origin): its record, its calendar event and its
//   queue entry, with room for the containers' doubling.
// An estimate, not a measurement: `cachestorm bench` measures.
#pragma once
#include <cstdint>
#include <string>

#include "models/scenario.hpp"

namespace cachestorm::models {

struct MemoryEstimate {
  static constexpr uint64_t kFixedBytes = 64ull << 20;
  // Measured: peak resident memory grows by 200-285 B per request in flight (flood runs at budgets
  // of 400, 800 and 1 600 MB; the upper figure while containers double).
  static constexpr uint64_t kBytesPerInFlight = 240;

  uint64_t keys = 0;
  double bytes_per_key = 0;
  uint64_t key_space_bytes = 0;
  std::string largest_class_path;  // workload.key_classes[i].keys.count of the class with most keys
  uint32_t clients = 0, app_instances = 0, cache_nodes = 0;
  uint64_t host_bytes = 0;         // hosts and (app instance, cache node) pairs
  uint64_t windows = 0;            // one-second metric windows
  double bytes_per_window = 0;     // of a window held as rows
  double bytes_per_second = 0;     // of every simulated second, rows or not
  uint64_t window_bytes = 0;
  uint64_t static_bytes() const { return kFixedBytes + key_space_bytes + host_bytes + window_bytes; }
  // The JSON path of what makes the scenario large (its largest part) and a phrase saying why.
  std::string largest_path() const;
  std::string describe() const;
};

MemoryEstimate estimate_memory(const Scenario& scenario);

// Requests in flight that fit in `budget_bytes` beside the estimate's static part (at least 0,
// at most what a request id can count). The run stops cleanly when it would exceed this.
uint32_t in_flight_bound(const MemoryEstimate& estimate, uint64_t budget_bytes);

// "1.5 GB", "640 MB": a byte count for messages.
std::string human_bytes(double bytes);

}  // namespace cachestorm::models
