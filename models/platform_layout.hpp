// The platform a scenario runs on, as plain data for sim::SimEngine: hosts client-i, app-j,
// cache-k, origin and control (where the sampling and fault actors live; it never fails), each
// with its access link. Also reads the routes the request path uses back into NetworkPaths, so
// the platform stays the one source of truth for network delays.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/host_id.hpp"
#include "models/network_paths.hpp"
#include "models/scenario.hpp"
#include "sim/engine.hpp"

namespace cachestorm::models {

// The platform's hosts with their typed ids: the one table between HostId and host names.
struct PlatformLayout {
  std::vector<sim::HostSpec> hosts;
  std::vector<HostId> ids;  // ids[i] is the id of hosts[i]

  // REQUIRES: the id is on the platform.
  const std::string& name_of(HostId id) const;
  // Empty for a host this layout did not make.
  std::optional<HostId> id_of(const std::string& name) const;
};

std::string client_host(unsigned index);
std::string app_host(unsigned index);
std::string cache_host(unsigned index);
inline const char* kOriginHost = "origin";
inline const char* kControlHost = "control";

PlatformLayout platform_layout(const Scenario& scenario);
// REQUIRES: the engine's platform was built from platform_layout(scenario).
NetworkPaths paths_from_platform(const sim::SimEngine& engine, const Scenario& scenario);
// The same paths computed from the link configs (latencies add, the narrower bandwidth wins),
// for runs without an engine; tests check it agrees with paths_from_platform.
NetworkPaths paths_from_links(const Scenario& scenario);

}  // namespace cachestorm::models
