// Time to recover after each incident of a run, from its per-second windows. Not a detector:
// incidents are what the scenario schedules (incidents_of), and recovery is judged against the
// level just before each one.
//
// Definition. The band is set by the (up to) 30 windows before the incident, after the warm-up
// (at least 5 are needed, else no verdict): client p99 (every ended request, by send time) at most
// max(1.1 x its mean over those windows, its largest value among them), and origin load (queries
// arriving per second) at most max(1.1 x its mean, its largest value). The run has recovered at
// the start of the first window at or after the incident from which 10 consecutive windows lie
// in the band; time_to_recover_s is that instant minus the incident's (0 if service never left
// the band); null if the run ends first. seconds_out_of_band counts the windows from the incident
// to the recovery (or the end) that were outside it.
// No baseline, no verdict (every field null, "no_baseline" says why): fewer than 5 windows; the
// time before it is no steady state: a measure's mean over one half of those windows is more than
// twice its mean over the other (beyond 10 queries/s or 1 ms), or, for a fault with
// cache.warm_start, no key had expired yet (a level of hits the cache may never return to; an
// expiry's own verdict is judged against that warm level: did the class refill?). Text only.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "models/metrics/metric_table.hpp"

namespace cachestorm::analysis {

struct Incident {
  std::string name;  // "faults.0", "key_classes.hot.expiry"
  double at_s = 0.0;
  std::optional<double> end_s;  // when its cause is over (a fault's end, an instant's at_s); none: never
  std::string unsteady;  // why the time before it is no baseline (known from the scenario), or empty
};

// A resolved scenario's incidents, in time order: each fault's start, and the expiry at ttl_s of
// each key class filled at t = 0 (cache.warm_start) whose TTL falls inside the run.
std::vector<Incident> incidents_of(const nlohmann::json& resolved);

// {"<incident name>": {"at_s", "baseline_p99_s", "baseline_origin_queries_per_s", "p99_limit_s",
// "origin_limit_per_s", "recovered_at_s", "time_to_recover_s", "p99_recovered_at_s",
// "p99_time_to_recover_s", "seconds_out_of_band", "cause_ended_s", "state_at_end",
// "after_cause"}, ...}; nulls where there is no verdict. state_at_end: "recovered";
// "not_recovered" (its cause ended at least 10 s before the end of the run and service never came
// back to the band: a failure that outlived its trigger, metastable when after_cause shows what
// sustains it, or a slow refill that a longer run would see end); "undecided" (the run ends less
// than the 10 s a recovery needs after the cause's end); "cause_not_over" (it lasts to the end).
// down_at_end: the same as a number for assertions and plan: 1 not_recovered, 0 recovered, else null. after_cause: what sustained the overload over the seconds from the cause's end to the
// recovery (or the end): the retries' share of the origin's load (retried_origin_queries_ratio), client timeouts, errors and
// origin give-ups per second, and the cache's misses and fills per second (a cache that does not
// refill shows fills far below misses); null if the cause never ends within the run.
nlohmann::json recovery_json(const models::MetricTable& table, const std::vector<Incident>& incidents, double warmup_s);

}  // namespace cachestorm::analysis
