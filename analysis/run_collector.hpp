// Turns what the request path publishes into per-second windows and run totals.
//
// Window w covers [w, w + 1) seconds. Counts are filed under the time of what they count:
// requests, hits, misses and cache errors by client send time; responses, errors and client
// timeouts by the time the client sees them; origin and cache events by their own time. Latency
// quantiles cover successful responses (hits and filled misses), by response time. Records at or
// after the run's end are outside every window and are not counted (they are "unfinished").
// Gauges: the origin's peak busy connections and queue length in each window, and their values
// at the window's end. Windows are closed by the sampling actor; nothing here prints.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "analysis/latency_histogram.hpp"
#include "models/observer.hpp"

namespace cachestorm::analysis {

enum Counter : size_t {
  kRequests, kHits, kMisses, kCacheErrors, kResponsesOk, kErrors, kClientTimeouts,
  kOriginStarted, kOriginCompleted, kOriginRejected, kOriginQueueTimeouts,
  kCacheExpirations, kCacheFills, kCacheFillsLost, kCounterCount
};

struct WindowStats {
  std::array<uint64_t, kCounterCount> counts{};
  uint32_t origin_busy_max = 0;
  uint32_t origin_waiting_max = 0;
  uint32_t origin_busy_end = 0;
  uint32_t origin_waiting_end = 0;
  uint64_t latency_count = 0;
  double latency_mean = 0, p50 = 0, p95 = 0, p99 = 0, p999 = 0;
};

class RunCollector final : public models::RequestObserver {
 public:
  // REQUIRES: duration_s > 0, 0 <= warmup_s < duration_s. The windows that start before warmup_s
  // stay in the time series but not in the run's statistics (totals, peaks, overall latency).
  explicit RunCollector(double duration_s, double warmup_s = 0.0);

  void on_lookup(double sent_s, models::LookupKind kind) override;
  void on_response(double sent_s, double done_s, models::Outcome outcome) override;
  void on_origin(double t, models::OriginEvent event, uint32_t busy, uint32_t waiting) override;
  void on_cache(double t, models::CacheEvent event) override;

  // Closes every window that ends at or before t (no later record can fall in them); busy and
  // waiting are the origin's state at t. REQUIRES: the request path has advanced to t; at the
  // run's end, advance to the duration and close through ceil(duration).
  void close_windows_through(double t, uint32_t busy, uint32_t waiting);

  // Closed windows, in time order.
  std::span<const WindowStats> windows() const { return {windows_.data(), first_open_}; }
  const LatencyHistogram& overall_latency() const { return overall_; }  // after the warm-up
  // Sums over the closed windows after the warm-up (so they match those rows of the time series).
  std::array<uint64_t, kCounterCount> totals() const;
  uint32_t origin_busy_peak() const;
  uint32_t origin_waiting_peak() const;

 private:
  WindowStats& window(size_t index);  // REQUIRES: index < window_limit_
  std::span<const WindowStats> measured_windows() const;  // closed windows after the warm-up
  WindowStats* window_at(double t);    // nullptr at or after the run's end
  LatencyHistogram& latency_window(size_t index);

  size_t window_limit_;                // windows in the whole run
  size_t warmup_windows_;              // the first windows, left out of the statistics
  std::vector<WindowStats> windows_;   // the windows reached so far, open or closed
  // Latency of open windows that have a response so far (sparse: a response far in the future
  // costs one histogram, not one per window in between), and the one used last.
  std::map<size_t, LatencyHistogram> open_latency_;
  LatencyHistogram* last_latency_ = nullptr;
  size_t last_latency_index_ = 0;
  size_t first_open_ = 0;
  LatencyHistogram overall_;
};

}  // namespace cachestorm::analysis
