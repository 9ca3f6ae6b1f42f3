// The exit codes of the cachestorm command (BSD sysexits values where one fits). Documented in
// README.md; scripts may rely on them. In namespace cachestorm: every layer from run/ up uses them.
#pragma once

namespace cachestorm {
inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 64;         // bad command line
inline constexpr int kExitBadScenario = 65;   // scenario is not valid JSON or fails a check
inline constexpr int kExitNoInput = 66;       // scenario file cannot be read
inline constexpr int kExitInternal = 70;      // a bug: please report it
inline constexpr int kExitCannotWrite = 73;   // output directory cannot be created or replaced
inline constexpr int kExitInFlightLimit = 75; // stopped: requests in flight outgrew the memory budget (partial results)
inline constexpr int kExitAssertionFailed = 99;  // an --assert did not hold (results written), as k6 does
inline constexpr int kExitInterrupted = 130;  // SIGINT/SIGTERM/SIGHUP: partial results written, marked so
}  // namespace cachestorm

#include <stdexcept>
#include <string>

namespace cachestorm::run {
// A command of the run layer (compare, sweep, plan) cannot start or finish: its message is one
// line naming what (without "cachestorm: "), exit_code one of the above. Nothing was published.
struct Failure : std::runtime_error {
  Failure(int code, const std::string& message) : std::runtime_error(message), exit_code(code) {}
  int exit_code;
};
}  // namespace cachestorm::run
