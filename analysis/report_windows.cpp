#include "analysis/report_windows.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "sim/number_text.hpp"

namespace cachestorm::analysis {
namespace {

std::string number_name(const std::string& text) {
  std::string name = text;
  std::replace(name.begin(), name.end(), '.', 'p');
  return name;
}

double parse_seconds(const std::string& text, const std::string& whole) {
  if (const auto value = sim::finite_number(text)) return *value;
  throw std::invalid_argument("--window " + whole + ": '" + text +
                              "' is not a number of seconds (write FROM:TO or NAME=FROM:TO, e.g. incident=60:90)");
}

}  // namespace

bool valid_window_name(const std::string& name) {
  return !name.empty() && name.size() <= 64 &&
         name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == std::string::npos;
}

std::vector<ReportWindow> scenario_windows(const nlohmann::json& resolved) {
  std::vector<ReportWindow> windows;
  const double duration_s = resolved.value("duration_s", 0.0);
  const auto& own = resolved.value("windows", nlohmann::json::array());
  bool own_incident = false;
  for (size_t i = 0; i < own.size(); ++i) {
    windows.push_back({own[i].value("name", std::string()), own[i].value("from_s", 0.0), own[i].value("to_s", 0.0),
                       "windows[" + std::to_string(i) + "]"});
    own_incident = own_incident || windows.back().name == "incident";
  }
  const auto& faults = resolved.value("faults", nlohmann::json::array());
  std::vector<ReportWindow> per_fault;
  for (size_t i = 0; i < faults.size(); ++i) {
    const double at = faults[i].value("at_s", 0.0);
    // A fault with a duration counts recovery_s after its end, one without an end (duration_s
    // null) to the end of the run, an instant (no duration_s key: a flush) recovery_s after it.
    const auto& lasts = faults[i].value("duration_s", nlohmann::json());
    const double recovery = faults[i].value("recovery_s", 0.0);
    const double end = lasts.is_number()             ? at + lasts.get<double>() + recovery
                       : faults[i].contains("duration_s") ? duration_s
                                                          : at + recovery;
    per_fault.push_back({"fault_" + std::to_string(i), at, std::min(end, duration_s), "faults[" + std::to_string(i) + "]"});
  }
  if (!per_fault.empty() && !own_incident) {
    ReportWindow incident{"incident", per_fault.front().from_s, per_fault.front().to_s, "faults"};
    for (const auto& w : per_fault) {
      incident.from_s = std::min(incident.from_s, w.from_s);
      incident.to_s = std::max(incident.to_s, w.to_s);
    }
    windows.push_back(incident);
  }
  if (per_fault.size() > 1) windows.insert(windows.end(), per_fault.begin(), per_fault.end());
  return windows;
}

ReportWindow parse_window_option(const std::string& text, double duration_s) {
  const size_t equals = text.find('=');
  const std::string span = equals == std::string::npos ? text : text.substr(equals + 1);
  const size_t colon = span.find(':');
  if (colon == std::string::npos)
    throw std::invalid_argument("--window " + text + ": write FROM:TO or NAME=FROM:TO in seconds (e.g. incident=60:90)");
  const std::string from_text = span.substr(0, colon), to_text = span.substr(colon + 1);
  ReportWindow window{equals == std::string::npos ? number_name(from_text) + "_" + number_name(to_text)
                                                  : text.substr(0, equals),
                      parse_seconds(from_text, text), parse_seconds(to_text, text), "--window"};
  if (!valid_window_name(window.name))
    throw std::invalid_argument("--window " + text + ": the name must be 1-64 of letters, digits, '_' and '-'");
  if (window.from_s < 0 || window.to_s <= window.from_s || window.from_s >= duration_s) {
    char bounds[160];
    std::snprintf(bounds, sizeof bounds, "need 0 <= FROM < TO and FROM < duration_s (%g)", duration_s);
    throw std::invalid_argument("--window " + text + ": " + bounds);
  }
  return window;
}

std::vector<ReportWindow> joined_windows(std::vector<ReportWindow> first, const std::vector<ReportWindow>& more) {
  for (const auto& window : more) {
    for (const auto& seen : first)
      if (seen.name == window.name)
        throw std::invalid_argument(window.origin + " " + window.name + ": a window of that name is already defined (" +
                                    seen.origin + "); give it another name (NAME=FROM:TO)");
    first.push_back(window);
  }
  return first;
}

std::pair<size_t, size_t> seconds_of(const ReportWindow& window) {
  const auto first = static_cast<size_t>(std::floor(std::max(0.0, window.from_s)));
  const auto end = static_cast<size_t>(std::ceil(std::max(0.0, window.to_s)));
  return {first, std::max(first, end)};
}

}  // namespace cachestorm::analysis
