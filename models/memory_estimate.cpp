#include "models/memory_estimate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "models/metrics/metric_table.hpp"

namespace cachestorm::models {
namespace {

// Key space: 4 B (where its entry is), 4 B (value size; none when every class's size is fixed)
// and 2 B (hash slot) per key.
constexpr double kKeySpaceBytesPerKey = 10.0;
// A resident entry: 16 B and 4 B for its memory cost, twice that while its shard's tables double.
constexpr double kEntryBytes = 40.0;
// Each replica of every shard: its own index of where each key's entry is (4 B per key of the key
// space), its copy of the resident entries and its eviction policy's state.
constexpr double kReplicaIndexBytesPerKey = 4.0;
// Persistence: each node's last save holds a key and an expiry (16 B) per resident key.
constexpr double kSavedBytes = 16.0;
// The fetch time stored with each key's value, kept when a class has read strategies (XFetch).
constexpr double kFetchTimeBytes = 4.0;

// With writes: the source's versions, watchers and the latest one's start (16 B, one record) per
// key of the key space (cache entries carry no version: the staleness ledger's open windows say
// which are superseded).
constexpr double kVersionBytes = 16.0;

// Hosts (measured: peak resident memory per added host of each kind, steady at 100 requests/s).
constexpr double kClientBytes = 2700.0;
constexpr double kAppBytes = 3300.0;
constexpr double kCacheNodeBytes = 13000.0;
constexpr double kAppNodePairBytes = 520.0;  // its request and reply lanes and its path
// Per one-second window held as rows: the table row and the window's latency histograms (the time
// series text is written to its file as it is made). Measured with traffic in every window (50 000
// requests/s, 100 to 1 000 s), so every shard's queueing histogram is filled. At most
// kRowWindows windows are rows at once (2 x MetricTable::kResidentClosed closed ones and those
// recorded ahead); the others are in a file (run/file_spill.hpp).
constexpr double kWindowBytes = 27000.0;
constexpr double kWindowBytesPerShard = 700.0;
constexpr double kWindowBytesPerApp = 50.0;
constexpr double kWindowBytesPerClass = 3000.0;
constexpr double kWindowBytesPerWritingClass = 6000.0;  // its staleness series besides
constexpr double kRowWindows = 2 * MetricTable::kResidentClosed + 8;
// Per simulated second, whatever the topology: the spilled window's position, the client
// ledger's counts per window and the outcome counts filed at the end of the run (measured: peak
// resident memory of 10 000 s and 100 000 s runs at 10 requests/s, 290 B/s).
constexpr double kBytesPerSecond = 320.0;
// Per simulated second when a request may outlive the rows of its send window (no client
// timeout, or a longer one): its outcome is filed later, kept compactly beside the spilled
// window (a few hundred bytes per histogram, three histograms per window at most).
constexpr double kLateBytesPerSecond = 1000.0;
bool has_writes(const Scenario& scenario) {
  for (const auto& key_class : scenario.workload.key_classes)
    if (key_class.writes) return true;
  return false;
}

bool reads_values(const Scenario& scenario) {
  for (const StrategyList& list : scenario.app.class_strategies)
    for (const StrategyEntry& entry : list)
      if (entry.strategy->stage() == Strategy::Stage::kRead) return true;
  return false;
}

// Keys the shards can hold at once: every key, or what maxmemory admits at the least an entry costs.
double resident_bound(const Scenario& scenario, double keys) {
  const MemoryConfig& memory = scenario.cache.memory;
  if (!scenario.cache.enabled) return 0.0;
  if (memory.maxmemory_bytes == 0) return keys;
  const double per_shard = static_cast<double>(memory.maxmemory_bytes) / static_cast<double>(entry_bytes(memory, 0, 0, false)) + 1;
  return std::min(keys, per_shard * scenario.cache.nodes);
}

void estimate_hosts_and_windows(const Scenario& scenario, MemoryEstimate& estimate) {
  const PlatformCounts counts = scenario.counts();
  const double apps = counts.app_instances, nodes = scenario.cache.enabled ? counts.cache_nodes : 0;
  estimate.host_bytes = static_cast<uint64_t>(kClientBytes * counts.clients + kAppBytes * apps +
                                              kCacheNodeBytes * nodes + kAppNodePairBytes * apps * nodes);
  double per_window = kWindowBytes + kWindowBytesPerShard * nodes + kWindowBytesPerApp * apps;
  for (const auto& key_class : scenario.workload.key_classes)
    per_window += kWindowBytesPerClass + (key_class.writes ? kWindowBytesPerWritingClass : 0.0);
  estimate.windows = static_cast<uint64_t>(std::ceil(scenario.duration_s));
  const double windows = static_cast<double>(estimate.windows);
  const bool late_outcomes = !scenario.client.timeout_s ||
                             *scenario.client.timeout_s >= static_cast<double>(MetricTable::kResidentClosed);
  estimate.bytes_per_window = per_window;
  estimate.bytes_per_second = kBytesPerSecond + (late_outcomes ? kLateBytesPerSecond : 0.0);
  estimate.window_bytes =
      static_cast<uint64_t>(per_window * std::min(windows, kRowWindows) + estimate.bytes_per_second * windows);
  estimate.app_instances = counts.app_instances;
  estimate.cache_nodes = static_cast<uint32_t>(nodes);
  estimate.clients = counts.clients;
}

}  // namespace

std::string MemoryEstimate::largest_path() const {
  if (window_bytes >= key_space_bytes && window_bytes >= host_bytes) return "duration_s";
  if (host_bytes >= key_space_bytes) {
    if (static_cast<double>(app_instances) * cache_nodes * kAppNodePairBytes > 0.5 * static_cast<double>(host_bytes))
      return cache_nodes > app_instances ? "cache.nodes" : "topology.app_instances";
    return clients * kClientBytes > app_instances * kAppBytes ? "topology.clients" : "topology.app_instances";
  }
  return largest_class_path;
}

std::string MemoryEstimate::describe() const {
  char text[400];
  std::snprintf(text, sizeof text,
                "%s for %llu keys (%.0f B per key), %s for hosts (%u clients, %u app instances, %u cache nodes: %llu "
                "connections), %s for %llu one-second metric windows (%s per window held, %.0f B per second)",
                human_bytes(static_cast<double>(key_space_bytes)).c_str(), static_cast<unsigned long long>(keys),
                bytes_per_key, human_bytes(static_cast<double>(host_bytes)).c_str(), clients, app_instances,
                cache_nodes, static_cast<unsigned long long>(uint64_t{app_instances} * cache_nodes),
                human_bytes(static_cast<double>(window_bytes)).c_str(), static_cast<unsigned long long>(windows),
                human_bytes(bytes_per_window).c_str(), bytes_per_second);
  return text;
}

MemoryEstimate estimate_memory(const Scenario& scenario) {
  MemoryEstimate estimate;
  double key_bytes = 0.0;
  uint64_t most = 0;
  for (size_t i = 0; i < scenario.workload.key_classes.size(); ++i) {
    const auto& key_class = scenario.workload.key_classes[i];
    const auto count = static_cast<double>(key_class.keys->key_count());
    key_bytes += count * (kKeySpaceBytesPerKey + key_class.keys->peak_bytes_per_key());
    estimate.keys += key_class.keys->key_count();
    if (key_class.keys->key_count() < most && i > 0) continue;
    most = key_class.keys->key_count();
    estimate.largest_class_path = "workload.key_classes[" + std::to_string(i) + "].keys.count";
  }
  const double resident = resident_bound(scenario, static_cast<double>(estimate.keys));
  const double keys = static_cast<double>(estimate.keys);
  const double nodes_per_shard = scenario.cache.enabled ? 1.0 + scenario.cache.replicas_per_shard : 0.0;
  key_bytes += kEntryBytes * resident * std::max(nodes_per_shard, 1.0);
  if (scenario.cache.enabled && scenario.cache.eviction)
    key_bytes += scenario.cache.eviction->bytes_per_key() * keys * nodes_per_shard;
  if (nodes_per_shard > 1.0) key_bytes += kReplicaIndexBytesPerKey * keys * (nodes_per_shard - 1.0);
  if (scenario.cache.enabled && scenario.cache.persistence.type != PersistenceConfig::Type::kNone)
    key_bytes += kSavedBytes * resident * nodes_per_shard;
  if (reads_values(scenario)) key_bytes += kFetchTimeBytes * static_cast<double>(estimate.keys);
  if (has_writes(scenario)) key_bytes += kVersionBytes * static_cast<double>(estimate.keys);
  estimate.bytes_per_key = key_bytes / static_cast<double>(std::max<uint64_t>(estimate.keys, 1));
  estimate.key_space_bytes = static_cast<uint64_t>(key_bytes);
  estimate_hosts_and_windows(scenario, estimate);
  return estimate;
}

uint32_t in_flight_bound(const MemoryEstimate& estimate, uint64_t budget_bytes) {
  if (budget_bytes <= estimate.static_bytes()) return 0;
  const uint64_t fits = (budget_bytes - estimate.static_bytes()) / MemoryEstimate::kBytesPerInFlight;
  return static_cast<uint32_t>(std::min<uint64_t>(fits, std::numeric_limits<uint32_t>::max() - 1));
}

std::string human_bytes(double bytes) {
  char text[32];
  if (bytes >= 1e9) {
    std::snprintf(text, sizeof text, "%.1f GB", bytes / 1e9);
  } else if (bytes >= 1e6) {
    std::snprintf(text, sizeof text, "%.0f MB", bytes / 1e6);
  } else {
    std::snprintf(text, sizeof text, "%.0f kB", bytes / 1e3);
  }
  return text;
}

}  // namespace cachestorm::models
