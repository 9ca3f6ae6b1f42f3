#include "analysis/recovery_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>

#include "analysis/table_totals.hpp"

namespace cachestorm::analysis {
namespace {

constexpr size_t kBaselineWindows = 30, kMinimumBaseline = 5, kStableWindows = 10;
constexpr double kTolerance = 1.1;

// One window's client p99 (none if no request sent in it ended) and origin load.
struct Window {
  std::optional<double> p99_s;
  double origin_per_s = 0.0;
};

std::vector<Window> windows_of(const models::MetricTable& table) {
  std::vector<Window> windows(table.closed_windows());
  std::optional<models::SeriesId> latency, arrived;
  try {
    latency = table.find("latency");
    arrived = table.find("origin_queries_arrived");
  } catch (const std::out_of_range&) {
    return {};
  }
  for (size_t w = 0; w < windows.size(); ++w) {
    const auto& histogram = table.latency(w, *latency);
    if (histogram.count() > 0) windows[w].p99_s = histogram.quantile(0.99);
    windows[w].origin_per_s = table.value(w, *arrived);
  }
  return windows;
}

// The band a window must lie in: max(1.1 x mean, largest) of each measure over the baseline.
struct Band {
  double p99_mean = 0, p99_limit = 0, load_mean = 0, load_limit = 0;
  bool holds(const Window& w) const { return w.p99_s && *w.p99_s <= p99_limit && w.origin_per_s <= load_limit; }
};

// Why the windows [begin, end) are no steady state: a measure whose mean over one half is more
// than twice its mean over the other (beyond 10 queries/s or 1 ms); empty if steady.
std::string unsteady(const std::vector<Window>& windows, size_t begin, size_t end) {
  const size_t middle = begin + (end - begin) / 2;
  double load[2] = {0, 0}, p99[2] = {0, 0};
  for (size_t w = begin; w < end; ++w) {
    const int half = w < middle ? 0 : 1;
    load[half] += windows[w].origin_per_s / static_cast<double>(half == 0 ? middle - begin : end - middle);
    p99[half] += windows[w].p99_s.value_or(0.0) / static_cast<double>(half == 0 ? middle - begin : end - middle);
  }
  const auto moved = [](const double* x, double slack) {
    return std::max(x[0], x[1]) > 2.0 * std::min(x[0], x[1]) + slack;
  };
  char text[200];
  if (moved(load, 10.0)) {
    std::snprintf(text, sizeof text, "no steady state before it: origin load went from %.0f to %.0f queries/s over the "
                  "%zu s before it", load[0], load[1], end - begin);
    return text;
  }
  if (moved(p99, 0.001)) {
    std::snprintf(text, sizeof text, "no steady state before it: client p99 went from %.1f to %.1f ms over the %zu s "
                  "before it", 1e3 * p99[0], 1e3 * p99[1], end - begin);
    return text;
  }
  return {};
}

std::optional<Band> band_before(const std::vector<Window>& windows, size_t first, size_t incident) {
  const size_t begin = std::max(first, incident >= kBaselineWindows ? incident - kBaselineWindows : size_t{0});
  if (incident < begin + kMinimumBaseline) return std::nullopt;
  Band band;
  double p99_max = 0, load_max = 0;
  for (size_t w = begin; w < incident; ++w) {
    if (!windows[w].p99_s) return std::nullopt;  // a window without responses: no level to compare with
    band.p99_mean += *windows[w].p99_s;
    band.load_mean += windows[w].origin_per_s;
    p99_max = std::max(p99_max, *windows[w].p99_s);
    load_max = std::max(load_max, windows[w].origin_per_s);
  }
  const double n = static_cast<double>(incident - begin);
  band.p99_mean /= n;
  band.load_mean /= n;
  band.p99_limit = std::max(kTolerance * band.p99_mean, p99_max);
  band.load_limit = std::max(kTolerance * band.load_mean, load_max);
  return band;
}

// The first window at or after `start` from which kStableWindows in a row pass `holds`.
template <typename Holds>
std::optional<size_t> first_stable(const std::vector<Window>& windows, size_t start, Holds holds) {
  size_t stable = 0;
  for (size_t w = start; w < windows.size(); ++w) {
    stable = holds(windows[w]) ? stable + 1 : 0;
    if (stable == kStableWindows) return w + 1 - kStableWindows;
  }
  return std::nullopt;
}

// recovered; cause_not_over (it lasts past the last window); undecided (fewer than the 10 seconds a
// recovery needs between the cause's end and the end of the run); else not_recovered.
const char* state_at_end(bool recovered, const Incident& incident, size_t windows) {
  if (recovered) return "recovered";
  if (!incident.end_s || *incident.end_s >= static_cast<double>(windows)) return "cause_not_over";
  if (std::ceil(*incident.end_s) + kStableWindows > static_cast<double>(windows)) return "undecided";
  return "not_recovered";
}

nlohmann::json verdict(const std::vector<Window>& windows, size_t first, const Incident& incident) {
  const auto start = static_cast<size_t>(std::floor(incident.at_s));
  nlohmann::json out = {{"at_s", incident.at_s}, {"baseline_p99_s", nullptr}, {"baseline_origin_queries_per_s", nullptr},
                        {"p99_limit_s", nullptr}, {"origin_limit_per_s", nullptr}, {"recovered_at_s", nullptr},
                        {"time_to_recover_s", nullptr}, {"p99_recovered_at_s", nullptr},
                        {"p99_time_to_recover_s", nullptr}, {"seconds_out_of_band", nullptr},
                        {"cause_ended_s", incident.end_s ? nlohmann::json(*incident.end_s) : nlohmann::json(nullptr)},
                        {"state_at_end", nullptr}, {"down_at_end", nullptr}};
  if (start >= windows.size()) return out;
  if (!incident.unsteady.empty()) {
    out["no_baseline"] = incident.unsteady;
    return out;
  }
  const auto band = band_before(windows, first, start);
  if (!band) {
    out["no_baseline"] = "fewer than " + std::to_string(kMinimumBaseline) + " measured seconds with responses before it";
    return out;
  }
  const size_t begin = std::max(first, start >= kBaselineWindows ? start - kBaselineWindows : size_t{0});
  if (const std::string why = unsteady(windows, begin, start); !why.empty()) {
    out["no_baseline"] = why;
    return out;
  }
  out["baseline_p99_s"] = band->p99_mean;
  out["baseline_origin_queries_per_s"] = band->load_mean;
  out["p99_limit_s"] = band->p99_limit;
  out["origin_limit_per_s"] = band->load_limit;
  const auto both = first_stable(windows, start, [&band](const Window& w) { return band->holds(w); });
  const auto p99 = first_stable(windows, start, [&band](const Window& w) { return w.p99_s && *w.p99_s <= band->p99_limit; });
  const size_t judged_until = both ? *both : windows.size();
  size_t out_of_band = 0;
  for (size_t w = start; w < judged_until; ++w) out_of_band += band->holds(windows[w]) ? 0 : 1;
  out["seconds_out_of_band"] = out_of_band;
  const std::string state = state_at_end(both.has_value(), incident, windows.size());
  out["state_at_end"] = state;
  // The same as a number, for --assert and plan: 1 not_recovered, 0 recovered, else null.
  out["down_at_end"] = state == "recovered" ? nlohmann::json(0) : state == "not_recovered" ? nlohmann::json(1) : nlohmann::json(nullptr);
  if (both) {
    out["recovered_at_s"] = static_cast<double>(*both);
    out["time_to_recover_s"] = std::max(0.0, static_cast<double>(*both) - incident.at_s);
  }
  if (p99) {
    out["p99_recovered_at_s"] = static_cast<double>(*p99);
    out["p99_time_to_recover_s"] = std::max(0.0, static_cast<double>(*p99) - incident.at_s);
  }
  return out;
}

// What kept service out of its band once the incident's cause was over: measures over the whole
// seconds from the cause's end to the recovery (or the end of the run); null when the cause never
// ends within the run or no second is left.
nlohmann::json after_cause(const models::MetricTable& table, const Incident& incident, const nlohmann::json& recovered_at) {
  if (!incident.end_s) return nullptr;
  const size_t end = std::min(recovered_at.is_number() ? static_cast<size_t>(recovered_at.get<double>())
                                                       : table.closed_windows(),
                              table.closed_windows());
  const auto from = static_cast<size_t>(std::ceil(*incident.end_s));
  if (from >= end) return nullptr;
  const TableTotals t(table, from, end);
  const double seconds = t.measured_seconds(), origin = t.sum("origin_queries_arrived");
  const auto per_s = [seconds](double count) { return seconds > 0 ? nlohmann::json(count / seconds) : nlohmann::json(nullptr); };
  return {{"from_s", static_cast<double>(from)},
          {"seconds", seconds},
          {"retried_origin_queries_ratio", origin > 0 ? nlohmann::json(t.sum("origin_queries_retried") / origin) : nlohmann::json(nullptr)},
          {"origin_queries_per_s", per_s(origin)},
          {"client_timeouts_per_s", per_s(t.sum("client_timeouts"))},
          {"errors_per_s", per_s(t.sum_labels("errors"))},
          {"origin_give_ups_per_s", per_s(t.sum_labels("app_origin_give_ups"))},
          {"cache_misses_per_s", per_s(t.sum_labels("shard_misses"))},
          {"cache_fills_per_s", per_s(t.sum_labels("shard_fills"))}};
}

}  // namespace

std::vector<Incident> incidents_of(const nlohmann::json& resolved) {
  std::vector<Incident> incidents;
  const double duration_s = resolved.value("duration_s", 0.0);
  const auto& faults = resolved.value("faults", nlohmann::json::array());
  for (size_t i = 0; i < faults.size(); ++i)
  {
    const double at_s = faults[i].value("at_s", 0.0);
    std::optional<double> end_s;
    if (faults[i].value("type", std::string()) == "cache_flush") {
      end_s = at_s;  // an instant
    } else if (const auto& duration = faults[i].value("duration_s", nlohmann::json()); duration.is_number()) {
      end_s = at_s + duration.get<double>();
    }
    incidents.push_back({"faults." + std::to_string(i), at_s, end_s, ""});
  }
  const auto& cache = resolved.value("cache", nlohmann::json::object());
  if (cache.value("enabled", true) && cache.value("warm_start", false)) {
    double first_expiry = std::numeric_limits<double>::infinity();
    for (const auto& key_class : resolved["workload"].value("key_classes", nlohmann::json::array())) {
      const auto& ttl = key_class.value("ttl_s", nlohmann::json());
      if (!ttl.is_number()) continue;
      first_expiry = std::min(first_expiry, ttl.get<double>());
      if (ttl.get<double>() < duration_s)
        incidents.push_back({"key_classes." + key_class.value("name", std::string()) + ".expiry", ttl.get<double>(),
                             ttl.get<double>(), ""});
    }
    // Until the first warm-started key expires the cache answers everything: a level it may never
    // return to once keys expire and refill within the run, so no baseline for a fault then. (An
    // expiry's own verdict is judged against that warm level on purpose: did the class refill?)
    for (Incident& incident : incidents)
      if (first_expiry < duration_s && incident.at_s <= first_expiry && incident.name.rfind("faults.", 0) == 0)
        incident.unsteady = "no steady state before it: every key was filled at t = 0 (cache.warm_start) and none had "
                            "expired yet, a level of hits the cache may never return to once keys expire";
  }
  std::stable_sort(incidents.begin(), incidents.end(), [](const Incident& a, const Incident& b) { return a.at_s < b.at_s; });
  return incidents;
}

nlohmann::json recovery_json(const models::MetricTable& table, const std::vector<Incident>& incidents, double warmup_s) {
  nlohmann::json out = nlohmann::json::object();
  const std::vector<Window> windows = windows_of(table);
  const size_t first = std::min(static_cast<size_t>(std::ceil(warmup_s)), windows.size());
  for (const Incident& incident : incidents) {
    nlohmann::json verdict_of = verdict(windows, first, incident);
    verdict_of["after_cause"] = after_cause(table, incident, verdict_of.value("recovered_at_s", nlohmann::json()));
    out[incident.name] = std::move(verdict_of);
  }
  return out;
}

}  // namespace cachestorm::analysis
