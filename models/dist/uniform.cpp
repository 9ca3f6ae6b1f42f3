// "uniform": values evenly spread on [min, max).
#include "models/dist/distribution.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class Uniform final : public Distribution {
 public:
  Uniform(double low, double high) : low_(low), width_(high - low) {}
  double sample(sim::Rng& rng) const override { return low_ + width_ * rng.uniform01(); }
  double mean() const override { return low_ + 0.5 * width_; }
  double max_value() const override { return low_ + width_; }

 private:
  double low_;
  double width_;
};

CACHESTORM_REGISTER(Distribution, "uniform", [](sim::ConfigReader& reader) {
  double low = 0.0;
  double high = 1.0;
  reader.number("min", low, sim::Range::non_negative());
  reader.number("max", high, sim::Range::non_negative());
  if (high < low) throw sim::ConfigError(reader.path_of("max"), "must be >= min");
  return std::make_unique<Uniform>(low, high);
});

}  // namespace
}  // namespace cachestorm::models
