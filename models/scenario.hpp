// A scenario: everything one simulation run needs, read from JSON and checked (see
// scenarios/README.md for the contract). Defaults live here, in the member initialisers; the
// parser only overrides what the file gives. Plain data: no SimGrid, no behaviour.
#pragma once
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "models/dist/distribution.hpp"
#include "models/faults/fault.hpp"
#include "models/workload/arrival_process.hpp"
#include "models/workload/key_popularity.hpp"

namespace cachestorm::models {

// One host's access link; a route between two hosts crosses both hosts' links.
struct LinkConfig {
  double latency_s = 0.0001;
  double bandwidth_Bps = 1.25e9;  // 10 Gbit/s
};

struct TopologyConfig {
  uint32_t clients = 1;        // client hosts; the arrival rate is split evenly over them
  uint32_t app_instances = 1;  // client c is served by instance c mod app_instances
  LinkConfig client_link;
  LinkConfig app_link;
  LinkConfig cache_link;
  LinkConfig origin_link;
};

struct WorkloadConfig {
  std::unique_ptr<ArrivalProcess> arrivals;         // default: poisson
  std::unique_ptr<KeyPopularity> keys;              // default: zipf
  std::unique_ptr<Distribution> value_size_bytes;   // drawn once per key; default: deterministic
};

struct CacheConfig {
  bool enabled = true;
  uint32_t nodes = 1;
  double ttl_s = 300.0;
  double service_s = 0.0;    // time a node takes to answer a GET
  bool warm_start = false;   // every key resident at t = 0, expiring at ttl_s
};

struct AppConfig {
  double cache_timeout_s = 0.05;  // a GET to a dead node fails after this; the app then reads the origin
};

struct OriginConfig {
  uint32_t connections = 64;
  std::optional<uint32_t> queue_limit;      // null: unbounded FIFO wait queue
  std::optional<double> queue_timeout_s;    // null: a query waits for as long as it takes
  std::unique_ptr<Distribution> service_s;  // default: exponential
};

struct ClientConfig {
  std::optional<double> timeout_s = 1.0;  // null: clients wait forever
};

struct FaultEntry {
  std::unique_ptr<Fault> fault;
  std::string path;  // "faults[2]", for error messages
};

struct Scenario {
  std::string name = "unnamed";
  std::string description;  // what the scenario shows, for people and `cachestorm validate`
  double duration_s = 60.0;
  int64_t seed = 1;
  TopologyConfig topology;
  WorkloadConfig workload;
  CacheConfig cache;
  AppConfig app;
  OriginConfig origin;
  ClientConfig client;
  std::vector<FaultEntry> faults;
  nlohmann::json resolved;  // the scenario as run: every key, defaults filled in

  PlatformCounts counts() const;
  // The net host state changes of all faults, composed (a host is up only while no fault holds
  // it down) and sorted by time; changes past the horizon included.
  std::vector<HostStateChange> host_changes() const;
};

// Reads and checks a scenario. seed_override replaces "seed" (and is what the resolved form shows).
// Throws sim::ConfigError naming the JSON path of the first problem.
Scenario parse_scenario(const nlohmann::json& document, std::optional<int64_t> seed_override = std::nullopt);

}  // namespace cachestorm::models
