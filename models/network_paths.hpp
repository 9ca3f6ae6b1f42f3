// One-way delays between the hosts the request path uses, read from the platform's routes (the
// platform is the source of truth). A transfer of b bytes takes latency + b / bandwidth, where
// bandwidth is the route's narrowest link; contention between transfers is not modelled.
// Request messages are counted as latency only; values pay for their bytes.
#pragma once
#include <limits>
#include <vector>

namespace cachestorm::models {

struct Path {
  double latency_s = 0.0;
  double bandwidth_Bps = std::numeric_limits<double>::infinity();
  double transfer_s(double bytes) const { return latency_s + bytes / bandwidth_Bps; }
};

struct NetworkPaths {
  std::vector<Path> client_app;              // [client] to the app instance serving it
  std::vector<std::vector<Path>> app_cache;  // [app][cache node]
  std::vector<Path> app_origin;              // [app]
  Path cache_cache;                          // between two cache nodes (the replication stream)
};

}  // namespace cachestorm::models
