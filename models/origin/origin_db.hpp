// The origin database: `connections` servers in front of one bounded FIFO wait queue, each query
// holding a connection for a service time drawn when it starts service: a read's from service_s
// (the "origin/service" stream), a write's from write_service_s, or service_s when that is null
// (the "origin/write_service" stream). A waiting query that exceeds queue_timeout_s is dropped at its deadline;
// with origin.codel, a query about to start may be shed instead by CoDel (models/origin/codel.hpp).
// Pure bookkeeping with no clock of its own: the caller passes event times in non-decreasing
// order and schedules the completions and deadlines this class reports. Not thread-safe.
#pragma once
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "models/origin/codel.hpp"
#include "models/origin/origin_config.hpp"
#include "sim/rng.hpp"

namespace cachestorm::models {

class OriginDb {
 public:
  enum class Admission { kStarted, kQueued, kRejected };
  struct Started {
    uint32_t query;
    double completion_s;
  };
  struct Expired {
    uint32_t query;
    double deadline_s;
  };

  // REQUIRES: config.service_s is set.
  OriginDb(const OriginConfig& config, sim::Rng service_rng, sim::Rng write_service_rng);

  // Query `query` (a write if `write`) arrives at t. kStarted sets *completion_s; kRejected means
  // the queue was full.
  Admission arrive(double t, uint32_t query, bool write, double* completion_s);
  // A connection frees at t: first drops waiting queries whose deadline is <= t (appended to
  // `expired`), then hands the connection to the next waiting query, if any, after CoDel's drops
  // (appended to `shed`, with t).
  std::optional<Started> release(double t, std::vector<Expired>& expired, std::vector<Expired>& shed);
  // Drops waiting queries whose deadline is <= t (appended to `expired`).
  void expire_waiting(double t, std::vector<Expired>& expired);
  // Deadline of the query at the head of the queue; empty when none waits or there is no timeout.
  std::optional<double> next_deadline() const;

  // Paused (a hung database): queries keep queueing (and timing out) but none starts; on
  // resuming at t, waiting queries start on the free connections (returned, in order).
  void pause() { paused_ = true; }
  std::vector<Started> resume(double t);
  // Every waiting query leaves the queue (appended to `dropped`, with t as its deadline).
  void drop_waiting(double t, std::vector<Expired>& dropped);
  // Service times drawn from now on are multiplied by `factor` (slowdowns); 1 by default.
  void set_service_factor(double factor) { factor_ = factor; }
  uint32_t busy() const { return busy_; }
  uint32_t waiting() const { return static_cast<uint32_t>(queue_.size()); }

 private:
  struct Waiting {
    uint32_t query;
    double deadline_s;
    bool write;
    double arrival_s;
  };
  double start_service(double t, bool write);

  const Distribution* service_;
  const Distribution* write_service_;
  sim::Rng rng_;
  sim::Rng write_rng_;
  uint32_t connections_;
  std::optional<uint32_t> queue_limit_;
  std::optional<double> queue_timeout_s_;
  uint32_t busy_ = 0;
  double factor_ = 1.0;
  bool paused_ = false;
  std::deque<Waiting> queue_;
  std::optional<CoDel> codel_;
};

}  // namespace cachestorm::models
