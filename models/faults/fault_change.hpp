// What a fault does: typed state changes (FaultChange), each at one instant to one target (a host of the
// platform, as a typed id: models/host_id.hpp), of one kind with its parameters. The request
// plane delivers every change through one path to the component that owns its target's role
// (ChangeOwner, registered with the plane by role); that component alone decides what the change
// means for its state. A new fault kind is a fault file that emits changes plus the owner's
// reaction to the new ChangeKind; the plane does not change.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "models/host_id.hpp"

namespace cachestorm::models {

enum class ChangeKind : uint8_t {
  kCrash,    // the target stops: it loses what it holds in memory and answers nothing
  kRestart,  // the target runs again (empty: no persistence yet)
  kSlowStart,  // from now on the target's service times are multiplied by `factor`
  kSlowEnd,    // the slowdown a kSlowStart of the same `factor` began ends
  kFlush,      // the target drops the data it holds (FLUSHALL) and keeps running
  kKill,       // the target's process stops (it loses what it holds in memory); its host stays up,
               // so connections to it are refused at once
  kRelaunch,   // the process a kKill stopped runs again
  kPartitionStart,  // the network between the target and app instance `peer` drops everything
  kPartitionEnd,    // it carries traffic again
  kIsolateStart,    // the target is cut from the rest of its tier (Redis Cluster's bus, replication)
  kIsolateEnd,      // it reaches its tier again
  kErrorsStart,     // from now on the target answers a fraction `factor` of its work with an error
  kErrorsEnd,       // the errors a kErrorsStart of the same `factor` began end
  kDeleteHottest,   // the tier deletes the `factor` hottest keys of the workload wherever they are
};

struct FaultChange {
  double at_s = 0.0;
  HostId target;  // e.g. {HostRole::kCache, 0}
  ChangeKind kind = ChangeKind::kCrash;
  double factor = 1.0;  // a kind's parameter, where it has one
  uint32_t source = 0;  // the fault it comes from (its index in the scenario's "faults")
  uint32_t peer = 0;    // the other end, for a kind between two hosts (an app instance)
  bool operator==(const FaultChange&) const = default;

  // Whether the change takes the target's host off (kCrash) or puts it back (kRestart): the
  // platform mirrors these on its hosts.
  bool stops_host() const { return kind == ChangeKind::kCrash; }
  bool starts_host() const { return kind == ChangeKind::kRestart; }
};

// The parameters of the spells of one kind in force on a target (slowdowns, error spells): a
// spell's start adds its parameter, its end removes one equal to it.
class ActiveSpells {
 public:
  // Adds change.factor if `starts`, else removes one equal to it (if any).
  void apply(const FaultChange& change, bool starts) {
    if (starts) {
      active_.push_back(change.factor);
      return;
    }
    for (size_t i = 0; i < active_.size(); ++i)
      if (active_[i] == change.factor) {
        active_.erase(active_.begin() + static_cast<std::ptrdiff_t>(i));
        return;
      }
  }
  const std::vector<double>& active() const { return active_; }

 private:
  std::vector<double> active_;
};

// The service-time factor of a target under slowdowns, which compose by multiplying: the product
// of the factors of the slowdowns in force (1 with none).
class SlowDowns {
 public:
  // Applies a kSlowStart or kSlowEnd; returns what the event log says ("slow" or "normal_speed").
  const char* apply(const FaultChange& change) {
    spells_.apply(change, change.kind == ChangeKind::kSlowStart);
    factor_ = 1.0;
    for (const double f : spells_.active()) factor_ *= f;
    return spells_.active().empty() ? "normal_speed" : "slow";
  }
  double factor() const { return factor_; }

 private:
  ActiveSpells spells_;
  double factor_ = 1.0;
};

// The fraction of a target's answers that are errors under overlapping error faults, which
// compose as independent causes: 1 - the product of (1 - p) over the faults in force (0 with none).
class ErrorRates {
 public:
  // Applies a kErrorsStart or kErrorsEnd; returns what the event log says ("failing" or "not_failing").
  const char* apply(const FaultChange& change) {
    spells_.apply(change, change.kind == ChangeKind::kErrorsStart);
    double pass = 1.0;
    for (const double p : spells_.active()) pass *= 1.0 - p;
    probability_ = spells_.active().empty() ? 0.0 : 1.0 - pass;
    return spells_.active().empty() ? "not_failing" : "failing";
  }
  double probability() const { return probability_; }

 private:
  ActiveSpells spells_;
  double probability_ = 0.0;
};

// What the event log says of a change a component applied: the subject ("cache.shards.1") and
// what happened to it ("down").
struct ChangeNote {
  std::string subject, what;
};

// A component that owns the state of the targets of one host role.
class ChangeOwner {
 public:
  virtual ~ChangeOwner() = default;
  // Applies `change` at now (the plane has advanced to it). Returns what the event log records.
  virtual ChangeNote apply(const FaultChange& change, double now) = 0;
};

}  // namespace cachestorm::models
