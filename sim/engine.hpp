// The simulation kernel: owns the one SimGrid Engine of this process and the platform built from
// a plain description (hosts, each with its own access link; routes cross both ends' links).
//
// SimGrid allows one Engine per process, so build one SimEngine per process; anything that needs
// several simulations (replications, tests) runs each in its own child process. The Engine is
// created without the user's command line, so SimGrid never reads or consumes our flags.
// The network model is CM02 (textbook latency + size / bandwidth), not the default LV08 with its
// latency factor of 13.01.
#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace simgrid::s4u {
class Engine;
class Host;
}  // namespace simgrid::s4u

namespace cachestorm::sim {

struct HostSpec {
  std::string name;
  double link_latency_s = 0.0;
  double link_bandwidth_Bps = 1.25e9;
};

struct RouteInfo {
  double latency_s = 0.0;      // sum of the links' latencies
  double bandwidth_Bps = 0.0;  // the narrowest link's bandwidth
};

class SimEngine {
 public:
  SimEngine();
  ~SimEngine();
  SimEngine(const SimEngine&) = delete;
  SimEngine& operator=(const SimEngine&) = delete;

  // Creates every host with its access link; the route between two hosts is the sender's access
  // link, then the receiver's. REQUIRES: called once, names unique.
  void build_platform(const std::vector<HostSpec>& hosts);
  // The route between two hosts as the platform has it. REQUIRES: a route was built between them.
  RouteInfo route(const std::string& from, const std::string& to) const;
  simgrid::s4u::Host* host(const std::string& name) const;
  // Runs until no non-daemon actor is left.
  void run();
  static double clock();

 private:
  std::unique_ptr<simgrid::s4u::Engine> engine_;
};

}  // namespace cachestorm::sim
