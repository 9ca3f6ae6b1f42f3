#include "models/plane_actors.hpp"

#include <simgrid/s4u.hpp>

#include <cmath>
#include <memory>
#include <string>
#include <unordered_map>

#include "models/platform_layout.hpp"

namespace sg4 = simgrid::s4u;

namespace cachestorm::models {
namespace {

void sampler(RequestPlane* plane, double horizon, SamplerHooks hooks, double* stopped_at) {
  try {
    const auto windows = static_cast<long>(std::ceil(horizon));
    for (long k = 1; k <= windows && !*hooks.failure; ++k) {
      const double t = std::min(static_cast<double>(k), horizon);
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

void fault_injector(std::vector<HostStateChange> changes, const PlatformLayout* layout, std::exception_ptr* failure) {
  sg4::Actor::self()->daemonize();
  for (const auto& change : changes) {
    if (*failure) return;
    sg4::this_actor::sleep_until(change.at_s);
    sg4::Host* host = sg4::Host::by_name(layout->name_of(change.host));
    if (change.up) {
      host->turn_on();
    } else {
      host->turn_off();
    }
  }
}

}  // namespace

void start_plane_actors(sim::SimEngine& engine, RequestPlane& plane, const Scenario& scenario,
                        const PlatformLayout& layout, SamplerHooks hooks, double* stopped_at) {
  std::exception_ptr* failure = hooks.failure;
  // The platform's own hosts by address, so a state change reaches the plane as a typed id.
  auto ids = std::make_shared<std::unordered_map<const sg4::Host*, HostId>>();
  for (size_t i = 0; i < layout.hosts.size(); ++i) (*ids)[engine.host(layout.hosts[i].name)] = layout.ids[i];
  sg4::Host::on_state_change_cb([&plane, failure, ids](const sg4::Host& host) {
    const auto found = ids->find(&host);
    if (found == ids->end() || *failure) return;
    try {
      plane.advance(sim::SimEngine::clock());  // everything before the change sees the old state
      plane.apply_host_state(found->second, host.is_on());
    } catch (...) {
      *failure = std::current_exception();
    }
  });
  sg4::Host* control = engine.host(kControlHost);
  sg4::Actor::create("sampler", control, sampler, &plane, scenario.duration_s, std::move(hooks), stopped_at);
  auto changes = scenario.host_changes();
  std::erase_if(changes, [&](const HostStateChange& c) { return c.at_s >= scenario.duration_s; });
  if (!changes.empty())
    sg4::Actor::create("fault-injector", control, fault_injector, std::move(changes), &layout, failure);
}

}  // namespace cachestorm::models
