// Composes the state changes of several faults into the changes the components see. Each crash
// "holds" its target down until its restart; a target runs only while no fault holds it, so
// overlapping outages of one target end when the last of them ends. Crashes and restarts at one
// instant are applied together: only a net change of state is emitted (one outage ending as
// another begins at the same instant leaves the target down). Other kinds pass through in time
// order. Plain C++; no engine.
#pragma once
#include <vector>

#include "models/faults/fault_change.hpp"

namespace cachestorm::models {

// REQUIRES: every target starts running; each fault's own crashes and restarts alternate. Returns
// the net changes sorted by time (file order of the faults on ties).
std::vector<FaultChange> compose_changes(std::vector<FaultChange> changes);

}  // namespace cachestorm::models
