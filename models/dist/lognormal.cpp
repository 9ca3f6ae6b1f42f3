// "lognormal": exp(ln(median) + sigma * Z) with Z standard normal (one Box-Muller draw each).
// Mean = median * exp(sigma^2 / 2). Heavy-tailed service times and value sizes.
#include <cmath>

#include "models/dist/distribution.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class Lognormal final : public Distribution {
 public:
  Lognormal(double median, double sigma) : log_median_(std::log(median)), sigma_(sigma) {}
  double sample(sim::Rng& rng) const override { return std::exp(log_median_ + sigma_ * rng.standard_normal()); }
  double mean() const override { return std::exp(log_median_ + 0.5 * sigma_ * sigma_); }

 private:
  double log_median_;
  double sigma_;
};

CACHESTORM_REGISTER(Distribution, "lognormal", [](sim::ConfigReader& reader) {
  double median = 1.0;
  double sigma = 0.5;
  reader.number("median", median, sim::Range::positive());
  reader.number("sigma", sigma, sim::Range::non_negative());
  return std::make_unique<Lognormal>(median, sigma);
});

}  // namespace
}  // namespace cachestorm::models
