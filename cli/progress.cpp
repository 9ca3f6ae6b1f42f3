#include "cli/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace cachestorm::cli {
namespace {

// "1h02m", "3m05s", "42s".
std::string duration_text(double seconds) {
  const long s = std::lround(seconds);
  char text[32];
  if (s >= 3600) {
    std::snprintf(text, sizeof text, "%ldh%02ldm", s / 3600, s / 60 % 60);
  } else if (s >= 60) {
    std::snprintf(text, sizeof text, "%ldm%02lds", s / 60, s % 60);
  } else {
    std::snprintf(text, sizeof text, "%lds", s);
  }
  return text;
}

}  // namespace

ProgressMode progress_mode(const std::string& name, bool quiet) {
  if (name == "auto") return quiet ? ProgressMode::kNone : ProgressMode::kAuto;
  if (name == "line") return ProgressMode::kLine;
  if (name == "jsonl") return ProgressMode::kJsonl;
  if (name == "none") return ProgressMode::kNone;
  throw std::invalid_argument("--progress: must be one of auto, line, jsonl, none (got " + name + ")");
}

ProgressReport::ProgressReport(ProgressMode mode, uint32_t total, double duration_s)
    : mode_(mode), total_(total), duration_s_(duration_s) {
  if (mode_ == ProgressMode::kAuto) mode_ = ::isatty(STDERR_FILENO) ? ProgressMode::kLine : ProgressMode::kNone;
}

void ProgressReport::update(uint32_t done, uint32_t resumed, double running_simulated_s) {
  done_ = done;
  resumed_ = resumed;
  running_s_ = running_simulated_s;
  if (mode_ == ProgressMode::kNone) return;
  const double since = std::chrono::duration<double>(Clock::now() - last_print_).count();
  if (since < (mode_ == ProgressMode::kLine ? 0.5 : 1.0)) return;
  last_print_ = Clock::now();
  print(false);
}

void ProgressReport::finish() {
  if (finished_) return;
  finished_ = true;
  if (mode_ == ProgressMode::kLine && printed_) std::fprintf(stderr, "\r\033[K");
  if (mode_ == ProgressMode::kJsonl) print(true);
  std::fflush(stderr);
}

void ProgressReport::print(bool final_report) {
  const double whole = static_cast<double>(total_) * duration_s_;
  const double simulated = static_cast<double>(done_) * duration_s_ + running_s_;
  const double fraction = whole > 0 ? std::min(1.0, simulated / whole) : 0.0;
  const double own = fraction - (total_ > 0 ? static_cast<double>(resumed_) / total_ : 0.0);
  const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  const bool known = own > 0.0 && elapsed > 0.0;
  const double eta = known ? elapsed * (1.0 - fraction) / own : 0.0;
  printed_ = true;
  if (mode_ == ProgressMode::kJsonl) {
    const nlohmann::ordered_json line = {{"done", done_},         {"resumed", resumed_},   {"total", total_},
                                         {"simulated_s", simulated}, {"duration_s", whole}, {"fraction", fraction},
                                         {"elapsed_s", elapsed},   {"eta_s", known ? nlohmann::ordered_json(eta) : nullptr},
                                         {"final", final_report}};
    std::fprintf(stderr, "%s\n", line.dump().c_str());
    return;
  }
  const std::string eta_text = known ? ", about " + duration_text(eta) + " to go" : "";
  if (total_ > 1) {
    std::fprintf(stderr, "\r\033[Kcachestorm: %u of %u replications done, %.0f of %.6g s simulated (%.1f%%)%s", done_,
                 total_, simulated, whole, 100.0 * fraction, eta_text.c_str());
  } else {
    std::fprintf(stderr, "\r\033[Kcachestorm: simulated %.0f of %.6g s (%.1f%%)%s", simulated, duration_s_,
                 100.0 * fraction, eta_text.c_str());
  }
  std::fflush(stderr);
}

}  // namespace cachestorm::cli
