#include "analysis/run_collector.hpp"

#include <algorithm>
#include <cmath>

namespace cachestorm::analysis {

using models::CacheEvent;
using models::LookupKind;
using models::OriginEvent;
using models::Outcome;

RunCollector::RunCollector(double duration_s, double warmup_s)
    : window_limit_(static_cast<size_t>(std::ceil(duration_s))), warmup_windows_(static_cast<size_t>(std::ceil(warmup_s))) {}

WindowStats& RunCollector::window(size_t index) {
  if (index >= windows_.size()) windows_.resize(index + 1);  // records run at most a little ahead of the clock
  return windows_[index];
}

WindowStats* RunCollector::window_at(double t) {
  const double index = std::floor(std::max(t, 0.0));
  if (index >= static_cast<double>(window_limit_)) return nullptr;
  return &window(static_cast<size_t>(index));
}

LatencyHistogram& RunCollector::latency_window(size_t index) {
  if (last_latency_ == nullptr || last_latency_index_ != index) {
    last_latency_ = &open_latency_[index];  // map nodes stay put until erased
    last_latency_index_ = index;
  }
  return *last_latency_;
}

void RunCollector::on_lookup(double sent_s, LookupKind kind) {
  WindowStats* w = window_at(sent_s);
  if (w == nullptr) return;
  ++w->counts[kRequests];
  ++w->counts[kind == LookupKind::kHit ? kHits : kind == LookupKind::kMiss ? kMisses : kCacheErrors];
}

void RunCollector::on_response(double sent_s, double done_s, Outcome outcome) {
  WindowStats* w = window_at(done_s);
  if (w == nullptr) return;
  if (outcome != Outcome::kOk) {
    ++w->counts[outcome == Outcome::kError ? kErrors : kClientTimeouts];
    return;
  }
  ++w->counts[kResponsesOk];
  const auto index = static_cast<size_t>(w - windows_.data());
  if (index >= first_open_) latency_window(index).add(done_s - sent_s);
}

void RunCollector::on_origin(double t, OriginEvent event, uint32_t busy, uint32_t waiting) {
  WindowStats* w = window_at(t);
  if (w == nullptr) return;
  switch (event) {
    case OriginEvent::kStarted: ++w->counts[kOriginStarted]; break;
    case OriginEvent::kQueued: break;
    case OriginEvent::kCompleted: ++w->counts[kOriginCompleted]; break;
    case OriginEvent::kRejected: ++w->counts[kOriginRejected]; break;
    case OriginEvent::kQueueTimeout: ++w->counts[kOriginQueueTimeouts]; break;
  }
  w->origin_busy_max = std::max(w->origin_busy_max, busy);
  w->origin_waiting_max = std::max(w->origin_waiting_max, waiting);
}

void RunCollector::on_cache(double t, CacheEvent event) {
  WindowStats* w = window_at(t);
  if (w == nullptr) return;
  ++w->counts[event == CacheEvent::kExpired ? kCacheExpirations
              : event == CacheEvent::kFilled ? kCacheFills : kCacheFillsLost];
}

void RunCollector::close_windows_through(double t, uint32_t busy, uint32_t waiting) {
  while (first_open_ < window_limit_ && static_cast<double>(first_open_ + 1) <= t) {
    WindowStats& w = window(first_open_);
    w.origin_busy_end = busy;
    w.origin_waiting_end = waiting;
    if (const auto found = open_latency_.find(first_open_); found != open_latency_.end()) {
      const LatencyHistogram& latency = found->second;
      w.latency_count = latency.count();
      w.latency_mean = latency.mean();
      w.p50 = latency.quantile(0.50);
      w.p95 = latency.quantile(0.95);
      w.p99 = latency.quantile(0.99);
      w.p999 = latency.quantile(0.999);
      if (first_open_ >= warmup_windows_) overall_.merge(latency);
      if (last_latency_ == &found->second) last_latency_ = nullptr;
      open_latency_.erase(found);
    }
    ++first_open_;
    if (first_open_ < window_limit_) {  // the next window starts in the state this one ended in
      WindowStats& next = window(first_open_);
      next.origin_busy_max = std::max(next.origin_busy_max, busy);
      next.origin_waiting_max = std::max(next.origin_waiting_max, waiting);
    }
  }
}

std::span<const WindowStats> RunCollector::measured_windows() const {
  return windows().subspan(std::min(warmup_windows_, first_open_));
}

std::array<uint64_t, kCounterCount> RunCollector::totals() const {
  std::array<uint64_t, kCounterCount> sum{};
  for (const auto& w : measured_windows())
    for (size_t i = 0; i < kCounterCount; ++i) sum[i] += w.counts[i];
  return sum;
}

uint32_t RunCollector::origin_busy_peak() const {
  uint32_t peak = 0;
  for (const auto& w : measured_windows()) peak = std::max(peak, w.origin_busy_max);
  return peak;
}

uint32_t RunCollector::origin_waiting_peak() const {
  uint32_t peak = 0;
  for (const auto& w : measured_windows())
    peak = std::max(peak, w.origin_waiting_max);
  return peak;
}

}  // namespace cachestorm::analysis
