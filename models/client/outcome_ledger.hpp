// How every request ended, as its client saw it: ok, error (with a reason), client timeout (at
// send + timeout), or unfinished at the horizon. Outcomes are filed under the window the request
// was *sent* in, so for every window requests = ok + errors + client_timeouts + unfinished
// exactly; latency over all ended requests (a timeout counts as its timeout, an error at its
// error time) and over ok ones, and the count slower than the SLO threshold, are filed the same
// way. Also: requests in flight at each window's end (sent before it, not ended before it).
//
// An outcome may be known before its time (a hit's answer is known when the shard serves it), so
// outcomes are staged by the window they end in and committed when that window closes; a run
// that stops early at S drops those ending at or after S (they are unfinished). Memory: a few
// staged windows, not a record per request. Records into the MetricTable; never prints.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <vector>

#include "models/core/outcome.hpp"
#include "models/metrics/metric_table.hpp"

namespace cachestorm::models {

class OutcomeLedger {
 public:
  // REQUIRES: slo_latency_s >= 0; the table outlives the ledger.
  OutcomeLedger(MetricTable& table, double slo_latency_s);

  void sent(double sent_s) {
    const size_t w = MetricTable::window_of(sent_s);
    if (w >= sent_.size()) [[unlikely]] grow_to(w);
    ++sent_[w];
  }
  // The request sent at sent_s ended at end_s (>= sent_s). Past the horizon: unfinished.
  void ended(double sent_s, double end_s, Outcome outcome, ErrorReason reason = ErrorReason::kNone);
  // Commits the outcomes of every window ending at or before t. REQUIRES: processing reached t.
  void close_through(double t);
  // The run covers [0, covered_s): commits through covered_s, drops what ends later, and files
  // each covered window's requests, unfinished requests and requests in flight at its end.
  // REQUIRES: every request sent before covered_s was reported by sent().
  void finish(double covered_s);

 private:
  struct Part {  // outcomes ending in one window of requests sent in one window
    size_t send_window;
    uint64_t ok = 0, timeouts = 0, slow = 0;
    std::array<uint64_t, static_cast<size_t>(ErrorReason::kReasonCount)> errors{};
    LatencyHistogram ok_only, not_ok;  // merged into "latency" at commit
  };
  struct Bucket {
    std::vector<Part> parts;
    uint64_t ended = 0;
  };
  Part& part_for(size_t end_window, size_t send_window) {
    if (end_window == cached_window_ && send_window == cached_send_window_) return cached_bucket_->parts[cached_part_];
    return find_part(end_window, send_window);
  }
  Part& find_part(size_t end_window, size_t send_window);
  void commit(size_t end_window, Bucket& bucket);

  MetricTable& table_;
  double horizon_;
  double slo_s_;
  SeriesId requests_, ok_, timeouts_, unfinished_, slow_, in_flight_, latency_, latency_ok_;
  std::array<SeriesId, static_cast<size_t>(ErrorReason::kReasonCount)> errors_{};
  std::map<size_t, Bucket> staged_;  // by end window
  size_t cached_window_ = SIZE_MAX;
  Bucket* cached_bucket_ = nullptr;
  size_t cached_send_window_ = SIZE_MAX;  // with cached_window_: the last part used, by index
  size_t cached_part_ = 0;
  void grow_to(size_t window);  // sent_ and ended_by_cohort_ reach `window`
  std::vector<uint64_t> sent_, ended_by_cohort_;  // per send window
  std::vector<uint64_t> ended_in_window_;         // per end window, for in-flight levels
  size_t committed_ = 0;  // windows whose ends are committed
};

}  // namespace cachestorm::models
