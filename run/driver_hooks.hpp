// What the run layer's drivers of many replications (compare, sweep, plan) tell their caller while
// they run, and how the caller stops them. The drivers never print: the command line turns these
// calls into progress lines, and a test may leave them all empty.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "run/replications.hpp"

namespace cachestorm::run {

struct DriverHooks {
  // Polled while replications run: true stops them (finished ones stay in the store, so the same
  // command resumes) and the driver throws Failure(kExitInterrupted, ...).
  std::function<bool()> should_stop;
  // A batch of `tasks` replications of `duration_s` simulated seconds each begins; `what` names
  // it for a reader ("variant fast (2 of 3), 5 replications"), or is empty.
  std::function<void(const std::string& what, uint32_t tasks, double duration_s)> on_batch_start;
  std::function<void(const ReplicationProgress&)> on_progress;  // every 20 ms or so
  std::function<void()> on_batch_end;

  bool stop_requested() const { return should_stop && should_stop(); }
};

}  // namespace cachestorm::run
