// "cache_down": cache node `node` is lost at at_s (its contents with it: no persistence) and, if
// duration_s is given, comes back empty after duration_s (unless another fault still holds it
// down: outages compose, see host_schedule.hpp). at_s must lie inside the run.
#include <optional>
#include <sstream>

#include "models/faults/fault.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class CacheDown final : public Fault {
 public:
  CacheDown(uint32_t node, double at_s, std::optional<double> duration_s)
      : node_(node), at_s_(at_s), duration_s_(duration_s) {}
  std::vector<FaultChange> changes(const PlatformCounts& counts, double duration_s,
                                   const std::string& path) const override {
    if (node_ >= counts.cache_nodes)
      throw sim::ConfigError(path + ".node", "must be < cache.nodes (" + std::to_string(counts.cache_nodes) + ")");
    if (at_s_ >= duration_s) {
      std::ostringstream problem;
      problem << "must be < duration_s (" << duration_s << "): the fault would start after the run ends (got "
              << at_s_ << ")";
      throw sim::ConfigError(path + ".at_s", problem.str());
    }
    const HostId host{HostRole::kCache, node_};
    std::vector<FaultChange> out{{at_s_, host, ChangeKind::kCrash}};
    if (duration_s_) out.push_back({at_s_ + *duration_s_, host, ChangeKind::kRestart});
    return out;
  }

 private:
  uint32_t node_;
  double at_s_;
  std::optional<double> duration_s_;
};

CACHESTORM_REGISTER(Fault, "cache_down", [](sim::ConfigReader& reader) {
  uint32_t node = 0;
  double at_s = 0.0;
  std::optional<double> duration_s;
  reader.integer("node", node, sim::Range::non_negative());
  reader.number("at_s", at_s, sim::Range::non_negative());
  reader.optional_number("duration_s", duration_s, sim::Range::positive());
  // How long after its end the fault's window (analysis/report_windows.hpp) keeps counting: the
  // node comes back empty, and its keys refill from the origin meanwhile.
  double recovery_s = 30.0;
  reader.number("recovery_s", recovery_s, sim::Range::non_negative());
  return std::make_unique<CacheDown>(node, at_s, duration_s);
});

}  // namespace
}  // namespace cachestorm::models
