// "single_flight": concurrent misses of one key share one origin fetch. scope "instance": inside
// one application instance, the first miss fetches and the misses that come while it is in
// flight wait for its answer (value or error), as Go's singleflight does; N instances can still
// fetch a key up to N times at once. The waiting table lives in the instance (the pipeline).
#include "models/app/strategy.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class SingleFlight final : public Strategy {
 public:
  Stage stage() const override { return Stage::kMiss; }
  std::unique_ptr<Strategy> for_instance() const override { return std::make_unique<SingleFlight>(*this); }
  bool keeps_state() const override { return true; }
};

std::unique_ptr<Strategy> make(sim::ConfigReader& reader) {
  std::string scope = "instance";
  reader.choice("scope", scope, {"instance"});
  return std::make_unique<SingleFlight>();
}

CACHESTORM_REGISTER(Strategy, "single_flight", make);

}  // namespace
}  // namespace cachestorm::models
