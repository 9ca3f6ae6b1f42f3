// Composes the host state changes of several faults into the changes the platform makes. Each
// fault "holds" a host down from its down change to its up change; a host is up only while no
// fault holds it, so overlapping outages of one host end when the last of them ends. Changes at
// one instant are applied together: only a net change of state is emitted (one outage ending as
// another begins at the same instant leaves the host down). Plain C++; no engine.
#pragma once
#include <vector>

#include "models/faults/fault.hpp"

namespace cachestorm::models {

// REQUIRES: every host starts up; each fault's own changes alternate down, up. Returns the net
// changes sorted by time (file order of the faults on ties).
std::vector<HostStateChange> compose_host_changes(std::vector<HostStateChange> holds);

}  // namespace cachestorm::models
