// "deterministic": always the same value. Draws no random numbers.
#include "models/dist/distribution.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class Deterministic final : public Distribution {
 public:
  explicit Deterministic(double value) : value_(value) {}
  double sample(sim::Rng&) const override { return value_; }
  double mean() const override { return value_; }
  double max_value() const override { return value_; }

 private:
  double value_;
};

CACHESTORM_REGISTER(Distribution, "deterministic", [](sim::ConfigReader& reader) {
  double value = 0.0;
  reader.number("value", value, sim::Range::non_negative());
  return std::make_unique<Deterministic>(value);
});

}  // namespace
}  // namespace cachestorm::models
