#include "models/writes/staleness_ledger.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace cachestorm::models {
namespace {

const char* const kClass = "key_class";
const MetricFamily kWrites{"key_class_writes", "count", "writes that reached an app instance", MetricKind::kCounter,
                           kClass, "arrival time at the instance"};
const MetricFamily kSourceWrites{"key_class_source_writes", "count",
                                 "source updates made (a write's update, or a write_behind flush)",
                                 MetricKind::kCounter, kClass, "time the origin made the update"};
const MetricFamily kFailed{"key_class_writes_failed", "count",
                           "writes the origin refused or timed out (their update never happened)",
                           MetricKind::kCounter, kClass, "time the answer reached the instance"};
const MetricFamily kLost{"key_class_writes_lost", "count",
                         "write_behind writes lost with their shard before their flush (or their SET found it down)",
                         MetricKind::kCounter, kClass, "time the flush was due (or the SET arrived)"};
const MetricFamily kInvalidationsLost{"key_class_invalidations_lost", "count",
                                      "invalidations (writes.invalidation) that never reached the cache",
                                      MetricKind::kCounter, kClass, "time of the source update"};
const MetricFamily kServed{"key_class_values_served", "count",
                           "reads answered with a value (from the cache or the origin), with writes in the scenario",
                           MetricKind::kCounter, kClass, "time the client got it"};
const MetricFamily kStale{"key_class_stale_reads", "count",
                          "values served whose version the source had replaced when they were read",
                          MetricKind::kCounter, kClass, "time the client got it"};
const MetricFamily kAge{"key_class_stale_read_age_s", "s",
                        "how long before it was read the source had replaced a stale read's version",
                        MetricKind::kLatency, kClass, "time the client got it"};
const MetricFamily kAgeMax{"key_class_stale_read_age_max_s", "s", "the largest stale read age (exact)",
                           MetricKind::kPeak, kClass, "time the client got it"};
const MetricFamily kOlder{"key_class_reads_older_than_budget", "count",
                          "values served older than the class's staleness_budget.age_s (0 without a budget)",
                          MetricKind::kCounter, kClass, "time the client got it"};
const MetricFamily kPopulates{"key_class_stale_populates", "count",
                              "SETs that stored a version the source had already replaced",
                              MetricKind::kCounter, kClass, "time the SET ran at its shard"};
const MetricFamily kWindows{"key_class_inconsistency_windows", "count",
                            "closed windows in which the cache held a superseded version of a key",
                            MetricKind::kCounter, kClass, "time the window closed"};
const MetricFamily kWindowS{"key_class_inconsistency_window_s", "s",
                            "lengths of closed inconsistency windows (source moved on -> cache current or empty)",
                            MetricKind::kLatency, kClass, "time the window closed"};
const MetricFamily kLongest{"key_class_inconsistency_longest_s", "s",
                            "the longest inconsistency window (exact; one still open at the end counts its length so far)",
                            MetricKind::kPeak, kClass, "time the window closed (or the run's end)"};
const MetricFamily kInconsistentS{"key_class_inconsistent_key_s", "s",
                                  "key-seconds the cache held superseded versions (windows' lengths summed)",
                                  MetricKind::kCounter, kClass, "time the window closed (or the run's end)"};
const MetricFamily kWritesUnfinished{"key_class_writes_unfinished", "count",
                                     "writes whose update had not taken effect, failed or been lost when the run ended",
                                     MetricKind::kCounter, kClass, "the run's end"};
const MetricFamily kOpenAtEnd{"key_class_inconsistency_open_at_end", "count",
                              "inconsistency windows still open when the run ended", MetricKind::kCounter, kClass,
                              "the run's end"};

}  // namespace

StalenessLedger::StalenessLedger(const KeySpace& keys, MetricTable& metrics)
    : keys_(keys),
      metrics_(metrics),
      source_(keys.key_count()),
      by_serve_time_(metrics),
      writes_in_progress_(keys.class_count(), 0) {
  for (size_t c = 0; c < keys.class_count(); ++c) {
    const KeyClassConfig& config = keys.key_class(c);
    const std::string& name = config.name;
    MetricTable& m = metrics;
    classes_.push_back({m.series(kWrites, name), m.series(kSourceWrites, name), m.series(kFailed, name),
                        m.series(kLost, name), m.series(kInvalidationsLost, name), m.series(kWritesUnfinished, name),
                        by_serve_time_.slot(m.series(kServed, name)), by_serve_time_.slot(m.series(kStale, name)),
                        by_serve_time_.slot(m.series(kAge, name)), by_serve_time_.slot(m.series(kAgeMax, name)),
                        by_serve_time_.slot(m.series(kOlder, name)),
                        m.series(kPopulates, name), m.series(kWindows, name), m.series(kWindowS, name),
                        m.series(kLongest, name), m.series(kInconsistentS, name), m.series(kOpenAtEnd, name),
                        config.staleness_budget ? config.staleness_budget->age_s
                                                : std::numeric_limits<double>::infinity()});
  }
}

void StalenessLedger::served_stale(const ClassSeries& s, float age, double now) {
  by_serve_time_.add(s.stale, now);
  by_serve_time_.observe(s.age, now, age);
  by_serve_time_.peak(s.age_max, now, age);
  if (age > s.budget_age_s) by_serve_time_.add(s.older, now);
}

StalenessLedger::Window* StalenessLedger::live_window(uint32_t key, double t) {
  Window* window = windows_.find(key);
  if (window == nullptr || window->expires_s > t) return window;
  close(key, *window, window->expires_s);
  return nullptr;
}

void StalenessLedger::source_moved(uint32_t key, double t) {
  write_ended(key, series_of(key).source_writes, t);
  if (cache_ == nullptr) return;
  cache_->on_source_moved(key, t);
  if (live_window(key, t) != nullptr) return;
  // No open window: a valid entry held the version that was latest until now, so it is superseded.
  double expires_at = 0.0;
  if (cache_->holds(key, t, &expires_at)) open(key, t, t, expires_at);
}

void StalenessLedger::stored(uint32_t key, uint32_t v, double expires_at, double t) {
  Window* window = live_window(key, t);
  if (v >= source_.latest(key)) {
    if (window != nullptr) close(key, *window, t);
    return;
  }
  metrics_.add(series_of(key).populates, t);
  const double superseded = source_.superseded_at(key, v);
  if (window != nullptr) {  // another superseded value replaces the one held: the window goes on
    window->superseded_s = superseded;
    window->expires_s = expires_at;
    return;
  }
  open(key, t, superseded, expires_at);
}

double StalenessLedger::superseded_since(uint32_t key) const {
  const Window* window = windows_.find(key);
  return window == nullptr ? std::numeric_limits<double>::infinity() : window->superseded_s;
}

void StalenessLedger::removed(uint32_t key, double t) {
  if (const Window* window = live_window(key, t)) close(key, *window, t);
}

void StalenessLedger::open(uint32_t key, double open_s, double superseded_s, double expires_s) {
  bool added = false;
  windows_.try_emplace(key, Window{open_s, superseded_s, expires_s}, &added);
  assert(added);
}

void StalenessLedger::close(uint32_t key, const Window& window, double at) {
  const ClassSeries& s = series_of(key);
  const double length = at - window.open_s;
  metrics_.add(s.windows, at);
  metrics_.observe(s.window_s, at, length);
  metrics_.peak(s.longest, at, length);
  metrics_.add(s.inconsistent_s, at, length);
  windows_.erase(key);
}

void StalenessLedger::settle_before(double t) {
  removed_if([&](uint32_t key) { return windows_.find(key)->expires_s < t; }, t);  // closed at their expiry
}

void StalenessLedger::write_arrived(uint32_t key, double now) {
  metrics_.add(series_of(key).writes, now);
  ++writes_in_progress_[keys_.class_of(key)];
}
void StalenessLedger::write_failed(uint32_t key, double now) { write_ended(key, series_of(key).failed, now); }
void StalenessLedger::flushed(uint32_t key, double now) { write_ended(key, series_of(key).source_writes, now); }
void StalenessLedger::write_lost(uint32_t key, double now) { write_ended(key, series_of(key).lost, now); }
void StalenessLedger::write_ended(uint32_t key, SeriesId how, double now) {
  metrics_.add(how, now);
  --writes_in_progress_[keys_.class_of(key)];
}
void StalenessLedger::invalidation_lost(uint32_t key, double now) {
  metrics_.add(series_of(key).invalidations_lost, now);
}

void StalenessLedger::finish(double last_t) {
  settle_before(last_t);
  windows_.for_each([&](uint32_t key, const Window& window) {
    const ClassSeries& s = series_of(key);
    const double length = last_t - window.open_s;
    metrics_.add(s.open_at_end, last_t);
    metrics_.peak(s.longest, last_t, length);
    metrics_.add(s.inconsistent_s, last_t, length);
  });
  windows_.clear();
  for (size_t c = 0; c < classes_.size(); ++c) metrics_.add(classes_[c].unfinished, last_t, writes_in_progress_[c]);
}

}  // namespace cachestorm::models
