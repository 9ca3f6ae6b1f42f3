#include "models/platform_layout.hpp"

#include <algorithm>

namespace cachestorm::models {
namespace {

sim::HostSpec spec(std::string name, const LinkConfig& link) {
  return {std::move(name), link.latency_s, link.bandwidth_Bps};
}

Path to_path(const sim::RouteInfo& route) { return {route.latency_s, route.bandwidth_Bps}; }

Path join(const LinkConfig& a, const LinkConfig& b) {
  return {a.latency_s + b.latency_s, std::min(a.bandwidth_Bps, b.bandwidth_Bps)};
}

}  // namespace

std::string client_host(unsigned index) { return "client-" + std::to_string(index); }
std::string app_host(unsigned index) { return "app-" + std::to_string(index); }
std::string cache_host(unsigned index) { return "cache-" + std::to_string(index); }

const std::string& PlatformLayout::name_of(HostId id) const {
  const auto found = std::find(ids.begin(), ids.end(), id);
  return hosts.at(static_cast<size_t>(found - ids.begin())).name;
}

std::optional<HostId> PlatformLayout::id_of(const std::string& name) const {
  for (size_t i = 0; i < hosts.size(); ++i)
    if (hosts[i].name == name) return ids[i];
  return std::nullopt;
}

PlatformLayout platform_layout(const Scenario& scenario) {
  const PlatformCounts counts = scenario.counts();
  const TopologyConfig& topology = scenario.topology;
  PlatformLayout layout;
  const auto add = [&layout](sim::HostSpec host, HostId id) {
    layout.hosts.push_back(std::move(host));
    layout.ids.push_back(id);
  };
  for (unsigned c = 0; c < counts.clients; ++c) add(spec(client_host(c), topology.client_link), {HostRole::kClient, c});
  for (unsigned a = 0; a < counts.app_instances; ++a) add(spec(app_host(a), topology.app_link), {HostRole::kApp, a});
  for (unsigned k = 0; k < counts.cache_nodes; ++k) add(spec(cache_host(k), topology.cache_link), {HostRole::kCache, k});
  add(spec(kOriginHost, topology.origin_link), {HostRole::kOrigin, 0});
  add({kControlHost, 0.0, 1.25e9}, {HostRole::kControl, 0});
  return layout;
}

NetworkPaths paths_from_platform(const sim::SimEngine& engine, const Scenario& scenario) {
  const PlatformCounts counts = scenario.counts();
  NetworkPaths paths;
  for (unsigned c = 0; c < counts.clients; ++c)
    paths.client_app.push_back(to_path(engine.route(client_host(c), app_host(c % counts.app_instances))));
  paths.app_cache.resize(counts.app_instances);
  for (unsigned a = 0; a < counts.app_instances; ++a) {
    for (unsigned k = 0; k < counts.cache_nodes; ++k)
      paths.app_cache[a].push_back(to_path(engine.route(app_host(a), cache_host(k))));
    paths.app_origin.push_back(to_path(engine.route(app_host(a), kOriginHost)));
  }
  if (counts.cache_nodes > counts.shards) paths.cache_cache = to_path(engine.route(cache_host(0), cache_host(counts.shards)));
  return paths;
}

NetworkPaths paths_from_links(const Scenario& scenario) {
  const PlatformCounts counts = scenario.counts();
  const TopologyConfig& topology = scenario.topology;
  NetworkPaths paths;
  paths.client_app.assign(counts.clients, join(topology.client_link, topology.app_link));
  paths.app_cache.assign(counts.app_instances,
                         std::vector<Path>(counts.cache_nodes, join(topology.app_link, topology.cache_link)));
  paths.app_origin.assign(counts.app_instances, join(topology.app_link, topology.origin_link));
  paths.cache_cache = join(topology.cache_link, topology.cache_link);
  return paths;
}

}  // namespace cachestorm::models
