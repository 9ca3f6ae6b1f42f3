// Version-exact staleness: the source's versions (models/writes/source_versions.hpp) against
// what the cache holds and what clients are served, per key class. Built only when some class
// has writes; the cache, the origin and the application tier report to it as things happen.
//  - A read's value is stale when its version is older than the source's latest at the instant
//    it was read (the GET at its shard, or the origin's snapshot when its query started); its age
//    is that instant minus when the source moved past the version.
//  - An inconsistency window of a key runs from the source moving past the version the cache
//    holds (or a SET storing a superseded version: a stale populate) until the cache holds the
//    current version or nothing (DEL, eviction, the entry's expiry, the shard's loss). Windows
//    are filed when they close; those still open at the end are counted apart (and their time
//    so far goes into the longest window and the inconsistent key-seconds). A window that ends
//    by expiry is closed when the key is next touched or by settle_before(), whichever is first,
//    at the expiry's instant: no event per window.
//  - So a valid cache entry is superseded exactly when its key has an open window: neither a hit
//    nor a source update needs the version an entry holds, and the cache keeps none.
// Writes' own counts (arrived, source updates, failed, lost, lost invalidations) are filed here
// too. Records into the MetricTable; never prints.
#pragma once
#include <cstdint>
#include <vector>

#include "models/core/key_map.hpp"
#include "models/core/warm_up.hpp"
#include "models/metrics/metric_table.hpp"
#include "models/metrics/window_accumulator.hpp"
#include "models/workload/key_space.hpp"
#include "models/writes/source_versions.hpp"

namespace cachestorm::models {

// What the cache holds for a key, as the ledger asks it.
class CacheView {
 public:
  virtual ~CacheView() = default;
  // True if the key has an entry valid at t (*expires_at says until when).
  virtual bool holds(uint32_t key, double t, double* expires_at) const = 0;
  // The source moved past the key's latest version at t (copies the cache keeps besides the
  // entries the ledger follows, such as replicas', learn that theirs is superseded).
  virtual void on_source_moved(uint32_t key, double t) { (void)key, (void)t; }
};

class StalenessLedger final : public BatchLoader {
 public:
  static constexpr float kCurrent = -1.0f;  // a read's age when its value was current

  // REQUIRES: keys and metrics outlive the ledger.
  StalenessLedger(const KeySpace& keys, MetricTable& metrics);
  void connect(CacheView* cache) { cache_ = cache; }
  SourceVersions& source() { return source_; }
  // Writes: loads the source's records of the keys (their updates read them).
  void load(const uint32_t* keys, size_t n, KeyUse use) const override {
    if (use != KeyUse::kWrites) return;
    uint64_t sum = 0;
    for (size_t i = 0; i < n; ++i) sum += source_.load(keys[i]);
    keep_loaded(sum);
  }
  const SourceVersions& source() const { return source_; }

  // The age of the value a GET read at t from the key's valid cache entry, or kCurrent. The
  // entry's version is not needed: a valid entry is superseded exactly when its key has an open
  // window (opened when the source moves past it or a stale populate stores it, closed when the
  // cache holds the current version or nothing), and the window knows since when. A hit thus
  // reads no per-key array, only the small map of open windows. (No shortcut when the map is
  // empty: with a window or two open at a time, that test is a coin toss the CPU mispredicts,
  // where the lookup's own tests are nearly always "not there".)
  float age_of_cached(uint32_t key, double t) const {
    const Window* window = windows_.find(key);
    return window == nullptr ? kCurrent : static_cast<float>(t - window->superseded_s);
  }
  // The age of version v as the origin read it at t, or kCurrent. REQUIRES: the key is watched
  // (or v is latest - 1 or newer).
  float age_of_source_read(uint32_t key, uint32_t v, double t) const {
    return v >= source_.latest(key) ? kCurrent : static_cast<float>(t - source_.superseded_at(key, v));
  }
  // A client gets, at now, a value read with age `age` (kCurrent: current); filed at now, so
  // one the client would get past the horizon is not counted (as its request is unfinished).
  void served(uint32_t key, float age, double now) {
    const ClassSeries& s = series_of(key);
    by_serve_time_.add(s.served, now);
    if (age != kCurrent) [[unlikely]] served_stale(s, age, now);
  }
  // A write's source update made a new version of the key at t (call after
  // SourceVersions::advance; a write_behind SET makes its version without this): the write has
  // ended; opens a window if the cache holds an older valid version.
  void source_moved(uint32_t key, double t);
  // A SET stored version v of the key at t, valid until expires_at.
  void stored(uint32_t key, uint32_t v, double expires_at, double t);
  // The key's entry went at t (DEL, eviction, its shard's loss).
  void removed(uint32_t key, double t);
  // The cache came to hold, at t, a copy of the key valid until expires_at whose version the
  // source moved past at superseded_s (a promoted replica's): a window opens (no populate
  // counted), unless one is open.
  void adopted(uint32_t key, double superseded_s, double expires_at, double t) {
    if (windows_.find(key) == nullptr) open(key, t, superseded_s, expires_at);
  }
  // When the source moved past the version the cache holds for the key (+infinity: current, or
  // none held). The window's expiry is not checked: for an entry valid at the caller's time.
  double superseded_since(uint32_t key) const;
  // Closes, at t, the windows of the keys for which lost(key) holds.
  template <class Lost>
  void removed_if(Lost lost, double t) {
    doomed_.clear();
    windows_.for_each([&](uint32_t key, const Window&) {
      if (lost(key)) doomed_.push_back(key);
    });
    for (uint32_t key : doomed_) removed(key, t);
  }
  // Counts of the write path, per the key's class, at now. Every write that arrived ends once:
  // its source update (source_moved, or flushed under write_behind), failed, or lost; finish()
  // counts those still going as unfinished.
  void write_arrived(uint32_t key, double now);
  void write_failed(uint32_t key, double now);
  void write_lost(uint32_t key, double now);
  // A write_behind write reached the source at now (SourceVersions::commit done).
  void flushed(uint32_t key, double now);
  void invalidation_lost(uint32_t key, double now);
  // Closes the windows whose entry expired before t (call before metric windows up to t close).
  void settle_before(double t);
  // The run's last instant is last_t: windows still open are counted as open at the end, writes
  // not yet ended as unfinished.
  void finish(double last_t);

 private:
  struct Window {
    double open_s;         // when the cache started holding a superseded version
    double superseded_s;   // when the source moved past the version it holds now
    double expires_s;      // when that entry expires
  };
  struct ClassSeries {
    SeriesId writes, source_writes, failed, lost, invalidations_lost, unfinished;
    uint32_t served, stale, age, age_max, older;  // slots of by_serve_time_: recorded once per read
    SeriesId populates, windows, window_s, longest, inconsistent_s, open_at_end;
    double budget_age_s;  // a read older than this breaks the class's staleness budget (inf: none)
  };
  void served_stale(const ClassSeries& s, float age, double now);
  // The key's open window, or nullptr; one whose entry expired by t is closed first (at its expiry).
  Window* live_window(uint32_t key, double t);
  void open(uint32_t key, double open_s, double superseded_s, double expires_s);
  void close(uint32_t key, const Window& window, double at);
  const ClassSeries& series_of(uint32_t key) const { return classes_[keys_.class_of(key)]; }
  // A write of the key ended at now as `how` counts it (a source update, failed or lost).
  void write_ended(uint32_t key, SeriesId how, double now);

  const KeySpace& keys_;
  MetricTable& metrics_;
  CacheView* cache_ = nullptr;
  SourceVersions source_;
  KeyMap<Window> windows_;  // keys whose cache entry is superseded now
  std::vector<ClassSeries> classes_;
  WindowAccumulator by_serve_time_;  // what reads were served, by the time their client got them
  std::vector<int64_t> writes_in_progress_;  // [class]: arrived, not yet updated, failed or lost
  std::vector<uint32_t> doomed_;
};

}  // namespace cachestorm::models
