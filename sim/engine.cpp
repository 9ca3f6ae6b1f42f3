#include "sim/engine.hpp"

#include <simgrid/s4u.hpp>
#include <simgrid/version.h>
#include <xbt/log.h>

#include <pthread.h>

#include <csignal>

#include <algorithm>
#include <limits>

#include "sim/build_info.hpp"

namespace sg4 = simgrid::s4u;

namespace cachestorm::sim {

std::string simgrid_version() {
  int major = 0, minor = 0, patch = 0;
  sg_version_get(&major, &minor, &patch);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

SimEngine::SimEngine() {
  xbt_log_control_set("root.thres:critical");
  static char program[] = "cachestorm";
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer cannot follow the raw contexts' stack switches (an actor unwound by a kill,
  // as at an interrupt, reads as a stack overflow); threads give the same results (SimGrid's
  // output is identical across context factories), only slower. The factory is chosen while the
  // engine is made, so it is passed as a command-line option: set_config afterwards is too late.
  static char factory[] = "--cfg=contexts/factory:thread";
  static char* argv[] = {program, factory, nullptr};
  static int argc = 2;
#else
  static char* argv[] = {program, nullptr};
  static int argc = 1;
#endif
  // SimGrid installs its own SIGINT handler (print status, exit 1); keep the caller's, so an
  // interrupted run can still stop cleanly and write what it simulated. The signals are blocked
  // meanwhile: one arriving while SimGrid's handler is in place is delivered to the caller's.
  constexpr int kKept[] = {SIGINT, SIGTERM, SIGHUP};
  sigset_t kept, unblocked;
  sigemptyset(&kept);
  for (const int signal_number : kKept) sigaddset(&kept, signal_number);
  pthread_sigmask(SIG_BLOCK, &kept, &unblocked);
  struct sigaction previous[3] {};
  for (int i = 0; i < 3; ++i) sigaction(kKept[i], nullptr, &previous[i]);
  engine_ = std::make_unique<sg4::Engine>(&argc, argv);
  for (int i = 0; i < 3; ++i) sigaction(kKept[i], &previous[i], nullptr);
  pthread_sigmask(SIG_SETMASK, &unblocked, nullptr);
  sg4::Engine::set_config("network/model:CM02");
}

SimEngine::~SimEngine() = default;

void SimEngine::build_platform(const std::vector<HostSpec>& hosts) {
  // A star: each host reaches every other through its own access link and theirs, so a route
  // costs nothing to store (a full zone keeps a table of hosts x hosts routes).
  auto* zone = sg4::create_star_zone("cachestorm");
  for (const auto& spec : hosts) {
    auto* host = zone->create_host(spec.name, 1e9);
    auto* link = zone->create_link(spec.name + "-link", spec.link_bandwidth_Bps)->set_latency(spec.link_latency_s);
    zone->add_route(host->get_netpoint(), nullptr, nullptr, nullptr, {sg4::LinkInRoute(link)}, true);
  }
  zone->seal();
}

RouteInfo SimEngine::route(const std::string& from, const std::string& to) const {
  std::vector<sg4::Link*> links;
  RouteInfo info;
  engine_->host_by_name(from)->route_to(engine_->host_by_name(to), links, &info.latency_s);
  info.bandwidth_Bps = std::numeric_limits<double>::infinity();
  for (const auto* link : links) info.bandwidth_Bps = std::min(info.bandwidth_Bps, link->get_bandwidth());
  return info;
}

sg4::Host* SimEngine::host(const std::string& name) const { return engine_->host_by_name(name); }

void SimEngine::run() { engine_->run(); }

double SimEngine::clock() { return sg4::Engine::get_clock(); }

}  // namespace cachestorm::sim
