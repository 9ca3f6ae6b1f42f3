// "none": no failover (Azure Basic, or replicas without Sentinel or Cluster). A crashed primary's
// slots stay unavailable until it restarts; its replicas keep their data but never serve.
#include "models/cache/failover/failover_policy.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class NoFailover final : public FailoverPolicy {
 public:
  FailoverPlan plan(const CrashFacts&, sim::Rng&) const override {
    FailoverPlan plan;
    plan.no_promotion = "failover type none";
    return plan;
  }
  void check(uint32_t, uint32_t, const std::string&) const override {}
};

CACHESTORM_REGISTER(FailoverPolicy, "none", [](sim::ConfigReader&) { return std::make_unique<NoFailover>(); });

}  // namespace
}  // namespace cachestorm::models
