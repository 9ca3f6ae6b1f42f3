#include "models/plane_actors.hpp"

#include <simgrid/s4u.hpp>

#include <cmath>
#include <string>

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

void fault_injector(std::vector<HostStateChange> changes, std::exception_ptr* failure) {
  sg4::Actor::self()->daemonize();
  for (const auto& change : changes) {
    if (*failure) return;
    sg4::this_actor::sleep_until(change.at_s);
    sg4::Host* host = sg4::Host::by_name(change.host);
    if (change.up) {
      host->turn_on();
    } else {
      host->turn_off();
    }
  }
}

}  // namespace

void start_plane_actors(sim::SimEngine& engine, RequestPlane& plane, const Scenario& scenario, SamplerHooks hooks,
                        double* stopped_at) {
  std::exception_ptr* failure = hooks.failure;
  sg4::Host::on_state_change_cb([&plane, failure](const sg4::Host& host) {
    const long node = cache_index_of(host.get_name());
    if (node < 0 || *failure) return;
    try {
      plane.advance(sim::SimEngine::clock());  // everything before the change sees the old state
      plane.set_cache_node_up(static_cast<uint32_t>(node), host.is_on());
    } catch (...) {
      *failure = std::current_exception();
    }
  });
  sg4::Host* control = engine.host(kControlHost);
  sg4::Actor::create("sampler", control, sampler, &plane, scenario.duration_s, std::move(hooks), stopped_at);
  auto changes = scenario.host_changes();
  std::erase_if(changes, [&](const HostStateChange& c) { return c.at_s >= scenario.duration_s; });
  if (!changes.empty()) sg4::Actor::create("fault-injector", control, fault_injector, std::move(changes), failure);
}

}  // namespace cachestorm::models
