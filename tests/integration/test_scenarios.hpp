// Small scenarios for integration tests: zero network latency and free shard commands (so closed
// forms apply exactly) unless a test says otherwise, a shorthand for one key class, and a view of
// a run's metrics by name.
#pragma once
#include <nlohmann/json.hpp>

#include <string>

#include "models/metrics/metric_table.hpp"
#include "models/scenario.hpp"

namespace cachestorm::testing {

// A topology whose links add no delay: client send time = cache arrival time = origin arrival.
inline nlohmann::json zero_latency_topology() {
  const nlohmann::json link = {{"latency_s", 0.0}, {"bandwidth_Bps", 1e300}};
  return {{"client_link", link}, {"app_link", link}, {"cache_link", link}, {"origin_link", link}};
}

inline nlohmann::json free_commands() {
  const nlohmann::json free = {{"base_s", 0.0}, {"per_byte_s", 0.0}};
  return {{"get", free}, {"set", free}, {"del", free}, {"set_nx_px", free}};
}

// Shorthand: workload.keys, workload.value_size_bytes and cache.ttl_s become the one key class.
inline nlohmann::json with_one_key_class(nlohmann::json document) {
  nlohmann::json key_class = nlohmann::json::object();
  if (!document.contains("workload")) return document;
  auto& workload = document["workload"];
  for (const char* key : {"keys", "value_size_bytes"}) {
    if (workload.contains(key)) {
      key_class[key] = workload[key];
      workload.erase(key);
    }
  }
  if (document.contains("cache") && document["cache"].contains("ttl_s")) {
    key_class["ttl_s"] = document["cache"]["ttl_s"];
    document["cache"].erase("ttl_s");
  }
  if (!key_class.empty()) workload["key_classes"] = nlohmann::json::array({key_class});
  return document;
}

// Three shards behind two instances, two key classes, 20 000 requests/s over 40.5 s, a bounded
// origin queue, client timeouts, and two shard crashes (one restarts): every path of the request
// path taken (engine_equivalence_test.cpp, serve_at_send_test.cpp).
inline nlohmann::json busy_scenario() {
  return {
      {"duration_s", 40.5},
      {"topology", {{"clients", 3}, {"app_instances", 2},
                    {"client_link", {{"latency_s", 0.0002}, {"bandwidth_Bps", 1e8}}},
                    {"cache_link", {{"latency_s", 0.0001}, {"bandwidth_Bps", 1e9}}},
                    {"origin_link", {{"latency_s", 0.001}, {"bandwidth_Bps", 5e7}}}}},
      {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 20000}}},
                    {"key_classes", {{{"name", "profile"}, {"pattern", "user:{id}:profile"}, {"share", 3},
                                      {"keys", {{"type", "zipf"}, {"count", 50000}, {"s", 0.9}}},
                                      {"value_size_bytes", {{"type", "lognormal"}, {"median", 1500}, {"sigma", 1.0}}},
                                      {"ttl_s", 5.0}},
                                     {{"name", "feed"}, {"pattern", "{user:{id}}.feed"},
                                      {"keys", {{"type", "uniform"}, {"count", 2000}}},
                                      {"value_size_bytes", {{"type", "deterministic"}, {"value", 20000}}},
                                      {"ttl_s", 2.0}}}}}},
      {"cache", {{"nodes", 3}}},
      {"origin", {{"connections", 16}, {"queue_limit", 500}, {"queue_timeout_s", 0.2},
                  {"service_s", {{"type", "lognormal"}, {"median", 0.002}, {"sigma", 0.8}}}}},
      {"client", {{"timeout_s", 0.5}}},
      {"faults", {{{"type", "cache_down"}, {"node", 1}, {"at_s", 10.25}, {"duration_s", 7.5}},
                  {{"type", "cache_down"}, {"node", 2}, {"at_s", 30}}}},
  };
}

inline models::Scenario scenario_from(nlohmann::json document) {
  if (!document.contains("topology")) document["topology"] = zero_latency_topology();
  if (!document.contains("cache") || !document["cache"].contains("commands")) document["cache"]["commands"] = free_commands();
  return models::parse_scenario(with_one_key_class(std::move(document)));
}

// A finished run's metrics by family name; label "" sums every series of the family.
class MetricView {
 public:
  explicit MetricView(const models::MetricTable& table) : table_(table) {}
  size_t windows() const { return table_.closed_windows(); }
  double at(size_t window, const std::string& name, const std::string& label = {}) const {
    double total = 0.0;
    for (models::SeriesId id = 0; id < table_.all_series().size(); ++id) {
      const auto& s = table_.all_series()[id];
      if (name == s.family->name && (label.empty() || label == s.label_value)) total += table_.value(window, id);
    }
    return total;
  }
  double total(const std::string& name, const std::string& label = {}) const {
    double sum = 0.0;
    for (size_t w = 0; w < windows(); ++w) sum += at(w, name, label);
    return sum;
  }
  uint64_t count(size_t window, const std::string& name) const { return static_cast<uint64_t>(at(window, name)); }
  uint64_t count(const std::string& name) const { return static_cast<uint64_t>(total(name)); }
  double peak(const std::string& name) const {
    double best = 0.0;
    for (size_t w = 0; w < windows(); ++w) best = std::max(best, at(w, name));
    return best;
  }
  // Requests ended in each way in a window: ok + errors + client timeouts + unfinished.
  uint64_t outcomes(size_t window) const {
    return count(window, "ok") + count(window, "errors") + count(window, "client_timeouts") +
           count(window, "unfinished");
  }

 private:
  const models::MetricTable& table_;
};

}  // namespace cachestorm::testing
