// "exponential": memoryless values with the given mean, drawn by inversion (one uniform per draw).
#include "models/dist/distribution.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class Exponential final : public Distribution {
 public:
  explicit Exponential(double mean) : mean_(mean) {}
  double sample(sim::Rng& rng) const override { return rng.exponential(1.0 / mean_); }
  double mean() const override { return mean_; }

 private:
  double mean_;
};

CACHESTORM_REGISTER(Distribution, "exponential", [](sim::ConfigReader& reader) {
  double mean = 1.0;
  reader.number("mean", mean, sim::Range::positive());
  return std::make_unique<Exponential>(mean);
});

}  // namespace
}  // namespace cachestorm::models
