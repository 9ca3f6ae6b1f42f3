// What stampedes cost the origin, per key class: every origin fetch meant to refill the cache
// (after a miss, an early recompute, a stale read's refresh) is filed under its key's refill
// cycle. A cycle starts with the first such fetch after the key's last fill and ends with the
// next fill that is stored; a fetch belongs to the cycle whose cache state it reacted to (its GET
// ran before the fill), so misses still in flight when the fill lands count where they belong.
// A cycle is filed cache_timeout_s after its fill (no reply to a GET that ran before the fill can
// come later), or when a fetch that reacted to the fill's state comes first: its fetch count goes
// into key_class_fetches_per_refill. When the run ends, filled cycles are filed then; cycles still
// waiting for a fill (an overloaded origin may never answer) are counted apart with their fetches
// (key_class_unfilled_*), so the distribution never hides fetches that never refilled. Also counted: fetches of a key that start while
// another of the same key is in flight (duplicates), and the most concurrent fetches of one key.
// Fetches that bypass the cache (breaker open, cache give-up) are not refills and not counted.
#pragma once
#include <cstdint>
#include <deque>
#include <vector>

#include "models/core/key_map.hpp"
#include "models/core/plane_parts.hpp"

namespace cachestorm::models {

class StampedeLedger {
 public:
  // `settle_s`: how long after a fill its cycle is filed (app.cache_timeout_s).
  StampedeLedger(const PlaneParts& parts, double settle_s);

  // A refill fetch of `key` starts at now; its GET ran at found_at_s. Returns the cycle it is
  // filed under (pass it to fetch_ended).
  uint32_t fetch_started(uint32_t key, double found_at_s, double now);
  void fetch_ended(uint32_t key, uint32_t cycle);
  // A fill of `key` was stored at now (calls come in time order).
  void filled(uint32_t key, double now);
  // Files the cycles whose time is before t, each at its time. REQUIRES: the plane has processed
  // everything before t; t never decreases.
  void settle_before(double t);
  // The run ends: files every filled cycle at last_t, counts the others as unfilled at last_t.
  void finish(double last_t);

 private:
  struct Cycle {
    uint32_t serial = 0;
    uint32_t fetches = 0;
    uint32_t in_flight = 0;
    double filled_at_s = 0.0;  // infinity while no fill is stored
  };
  // The key's cycle a fetch whose GET ran at found_at_s belongs to (filing the last one at now
  // if that GET saw its fill).
  Cycle& open_cycle(uint32_t key, double found_at_s, double now);
  void file(uint32_t key, const Cycle& cycle, double at_s);
  struct Due {
    double at_s;
    uint32_t key;
  };

  PlaneParts parts_;
  double settle_s_;
  uint32_t next_serial_ = 1;
  KeyMap<Cycle> cycles_;                        // by key: its current cycle
  std::deque<Due> due_;                         // filled cycles, by the time they are filed
  std::vector<SeriesId> per_refill_, fetches_, duplicates_, key_peak_;  // per key class
  std::vector<SeriesId> unfilled_cycles_, unfilled_fetches_;            // per key class
};

}  // namespace cachestorm::models
