// Progress of a long run on stderr: how much is simulated and when it should end.
//  - "line": one line rewritten in place (for a terminal): replications done, simulated time,
//    percent and an estimated time to go;
//  - "jsonl": one JSON object per line, every second, for programs: {"done", "resumed", "total",
//    "simulated_s", "duration_s", "fraction", "elapsed_s", "eta_s"} (eta_s null until known);
//  - "none"; "auto" is "line" when stderr is a terminal, else "none".
// The estimate assumes the rest goes at the pace of what this process simulated so far
// (replications resumed from an earlier run count as done but took no time). Not thread-safe.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>

namespace cachestorm::cli {

enum class ProgressMode { kAuto, kLine, kJsonl, kNone };

// "auto", "line", "jsonl", "none" (the --progress values); throws std::invalid_argument otherwise.
// With quiet (-q), "auto" is "none": asked for explicitly, progress still shows.
ProgressMode progress_mode(const std::string& name, bool quiet);

class ProgressReport {
 public:
  // `total` replications (1 for a single run) of `duration_s` simulated seconds each.
  ProgressReport(ProgressMode mode, uint32_t total, double duration_s);
  ProgressReport(const ProgressReport&) = delete;
  ProgressReport& operator=(const ProgressReport&) = delete;
  ~ProgressReport() { finish(); }

  // `done` replications finished (`resumed` of them from an earlier run), and those still running
  // have simulated `running_simulated_s` seconds between them. Prints at most every 0.5 s (line)
  // or 1 s (jsonl).
  void update(uint32_t done, uint32_t resumed, double running_simulated_s);
  // Clears the terminal line (line) or prints a last object (jsonl). Idempotent.
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  void print(bool final_report);

  ProgressMode mode_;
  uint32_t total_;
  double duration_s_;
  Clock::time_point start_ = Clock::now(), last_print_ = Clock::now();
  uint32_t done_ = 0, resumed_ = 0;
  double running_s_ = 0.0;
  bool printed_ = false, finished_ = false;
};

}  // namespace cachestorm::cli
