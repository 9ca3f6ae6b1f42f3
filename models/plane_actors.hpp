// The SimGrid actors that drive a RequestPlane (this header is plain; the .cpp is an actor file):
//  - the sampler, on the control host, sleeps to each whole second and to the horizon, advances
//    the request path there and hands the time to on_window_end; if the request path halted
//    (PlaneBounds), it ends the run at the last whole second the path completed;
//  - on the way, it delivers the faults' changes (models/faults/fault_change.hpp) at their times
//    to the request path, advanced there first so no request sees a state before its time, and
//    turns the platform's hosts off and on as crashes and restarts say. The same order as a
//    plain loop over the windows (run/simulate.cpp's simulate_without_engine).
// An exception in an actor (std::bad_alloc, say) is kept in *failure and ends the run, so the
// caller can rethrow it after engine.run(): SimGrid would otherwise abort the process.
#pragma once
#include <exception>
#include <functional>

#include "models/platform_layout.hpp"
#include "models/request_plane.hpp"
#include "models/scenario.hpp"
#include "sim/engine.hpp"

namespace cachestorm::models {

struct SamplerHooks {
  // Called at each whole second t (and at the horizon) after the request path reached t.
  std::function<void(double t)> on_window_end;
  // Polled once per simulated second; returning true ends the run early at that time.
  std::function<bool()> should_stop;
  // Where an actor's exception is kept; REQUIRES: set, and outlives engine.run().
  std::exception_ptr* failure = nullptr;
};

// REQUIRES: the engine's platform was built from `layout`; plane, layout and hooks outlive
// engine.run(). Returns the time the run will stop at (the horizon, or earlier if stopped),
// through *stopped_at after run(); a whole number of seconds unless it is the horizon.
void start_plane_actors(sim::SimEngine& engine, RequestPlane& plane, const Scenario& scenario,
                        const PlatformLayout& layout, SamplerHooks hooks, double* stopped_at);

}  // namespace cachestorm::models
