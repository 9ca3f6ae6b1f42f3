#include "models/app/stampede_ledger.hpp"

#include <iterator>
#include <limits>

namespace cachestorm::models {
namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();
const MetricFamily kRefillFetches{"key_class_refill_fetches", "count",
                                  "origin fetches meant to refill the cache (misses, early recomputes, stale refreshes)",
                                  MetricKind::kCounter, "key_class", "fetch start"};
const MetricFamily kPerRefill{"key_class_fetches_per_refill", "fetches",
                              "origin fetches per refill cycle of a key (from its first fetch to the fill stored)",
                              MetricKind::kLatency, "key_class", "cycle filed: its fill + app.cache_timeout_s"};
const MetricFamily kDuplicates{"key_class_duplicate_fetches", "count",
                               "refill fetches that started while another fetch of the same key was in flight",
                               MetricKind::kCounter, "key_class", "fetch start"};
const MetricFamily kKeyPeak{"key_class_key_fetch_peak", "fetches",
                            "most refill fetches of one key in flight at once", MetricKind::kPeak, "key_class",
                            "fetch start"};

const MetricFamily kUnfilledCycles{"key_class_unfilled_cycles", "count",
                                   "refill cycles still waiting for a stored fill when the run ended", MetricKind::kCounter,
                                   "key_class", "the end of the run"};
const MetricFamily kUnfilledFetches{"key_class_unfilled_fetches", "count",
                                    "refill fetches of the cycles still waiting for a fill when the run ended",
                                    MetricKind::kCounter, "key_class", "the end of the run"};

}  // namespace

StampedeLedger::StampedeLedger(const PlaneParts& parts, double settle_s) : parts_(parts), settle_s_(settle_s) {
  for (size_t c = 0; c < parts.keys.class_count(); ++c) {
    const std::string& name = parts.keys.key_class(c).name;
    fetches_.push_back(parts.metrics.series(kRefillFetches, name));
    per_refill_.push_back(parts.metrics.series(kPerRefill, name));
    duplicates_.push_back(parts.metrics.series(kDuplicates, name));
    key_peak_.push_back(parts.metrics.series(kKeyPeak, name));
    unfilled_cycles_.push_back(parts.metrics.series(kUnfilledCycles, name));
    unfilled_fetches_.push_back(parts.metrics.series(kUnfilledFetches, name));
  }
}

StampedeLedger::Cycle& StampedeLedger::open_cycle(uint32_t key, double found_at_s, double now) {
  bool added = false;
  Cycle* cycle = &cycles_.try_emplace(key, Cycle{next_serial_, 0, 0, kNever}, &added);
  if (added) {
    ++next_serial_;
  } else if (cycle->filled_at_s != kNever && found_at_s >= cycle->filled_at_s) {
    file(key, *cycle, now);  // early: a fetch that reacted to the new fill's state came first
    *cycle = Cycle{next_serial_++, 0, 0, kNever};
  }
  return *cycle;
}

uint32_t StampedeLedger::fetch_started(uint32_t key, double found_at_s, double now) {
  Cycle& cycle = open_cycle(key, found_at_s, now);
  const uint32_t key_class = parts_.keys.class_of(key);
  parts_.metrics.add(fetches_[key_class], now);
  if (cycle.in_flight > 0) parts_.metrics.add(duplicates_[key_class], now);
  ++cycle.fetches;
  ++cycle.in_flight;
  parts_.metrics.peak(key_peak_[key_class], now, cycle.in_flight);
  return cycle.serial;
}

void StampedeLedger::fetch_ended(uint32_t key, uint32_t serial) {
  Cycle* cycle = cycles_.find(key);
  if (cycle != nullptr && cycle->serial == serial) --cycle->in_flight;
}

void StampedeLedger::filled(uint32_t key, double now) {
  Cycle* cycle = cycles_.find(key);
  if (cycle == nullptr || cycle->filled_at_s != kNever) return;
  cycle->filled_at_s = now;
  // Fills are heard in time order per shard; a shard that served a fill ahead of the plane's
  // clock (a GET served at its send) may be heard before another shard's earlier one, so the
  // queue stays sorted by a walk from its back (rarely more than a step).
  const Due due{now + settle_s_, key};
  auto at = due_.end();
  while (at != due_.begin() && std::prev(at)->at_s > due.at_s) --at;
  due_.insert(at, due);
  settle_before(now);
}

void StampedeLedger::settle_before(double t) {
  while (!due_.empty() && due_.front().at_s < t) {
    const Due due = due_.front();
    due_.pop_front();
    const Cycle* cycle = cycles_.find(due.key);
    // Filed early already when another cycle of the key is open or filled later.
    if (cycle != nullptr && cycle->filled_at_s + settle_s_ == due.at_s) {
      file(due.key, *cycle, due.at_s);
      cycles_.erase(due.key);
    }
  }
}

void StampedeLedger::finish(double last_t) {
  cycles_.for_each([&](uint32_t key, const Cycle& cycle) {
    if (cycle.filled_at_s != kNever) {
      file(key, cycle, last_t);
      return;
    }
    const uint32_t key_class = parts_.keys.class_of(key);
    parts_.metrics.add(unfilled_cycles_[key_class], last_t);
    parts_.metrics.add(unfilled_fetches_[key_class], last_t, cycle.fetches);
  });
  cycles_.clear();
  due_.clear();
}

void StampedeLedger::file(uint32_t key, const Cycle& cycle, double at_s) {
  parts_.metrics.observe(per_refill_[parts_.keys.class_of(key)], at_s, cycle.fetches);
}

}  // namespace cachestorm::models
