#include "models/plane_actors.hpp"

#include <simgrid/s4u.hpp>

#include <cmath>
#include <memory>
#include <string>

#include "models/platform_layout.hpp"

namespace sg4 = simgrid::s4u;

namespace cachestorm::models {
namespace {

// Delivers a fault's change to the plane at its time (the plane first advanced there: everything
// before it sees the old state) and mirrors crashes and restarts on the platform's hosts.
void deliver(RequestPlane* plane, const FaultChange& change, const PlatformLayout* layout) {
  sg4::this_actor::sleep_until(change.at_s);
  plane->advance(change.at_s);
  plane->apply(change);
  sg4::Host* host = sg4::Host::by_name(layout->name_of(change.target));
  if (change.starts_host()) host->turn_on();
  if (change.stops_host()) host->turn_off();
}

// Window by window: the faults' changes inside the window, then the window's end. A change at a
// whole second t comes after the window ending at t is closed (it belongs to the next).
void sampler(RequestPlane* plane, double horizon, SamplerHooks hooks, double* stopped_at,
             std::vector<FaultChange> changes, const PlatformLayout* layout) {
  try {
    auto change = changes.begin();
    const auto windows = static_cast<long>(std::ceil(horizon));
    for (long k = 1; k <= windows && !*hooks.failure; ++k) {
      const double t = std::min(static_cast<double>(k), horizon);
      for (; change != changes.end() && change->at_s < t; ++change) deliver(plane, *change, layout);
      sg4::this_actor::sleep_until(t);
      plane->advance(t);
      if (plane->halted() != Halt::kNone) {
        *stopped_at = std::floor(plane->now());
        if (hooks.on_window_end) hooks.on_window_end(*stopped_at);
        return;
      }
      *stopped_at = t;
      if (hooks.on_window_end) hooks.on_window_end(t);
      if (hooks.should_stop && hooks.should_stop()) return;
    }
  } catch (...) {
    *hooks.failure = std::current_exception();
  }
}

}  // namespace

void start_plane_actors(sim::SimEngine& engine, RequestPlane& plane, const Scenario& scenario,
                        const PlatformLayout& layout, SamplerHooks hooks, double* stopped_at) {
  sg4::Host* control = engine.host(kControlHost);
  auto changes = scenario.fault_changes();
  std::erase_if(changes, [&](const FaultChange& c) { return c.at_s >= scenario.duration_s; });
  sg4::Actor::create("sampler", control, sampler, &plane, scenario.duration_s, std::move(hooks), stopped_at,
                     std::move(changes), &layout);
}

}  // namespace cachestorm::models
