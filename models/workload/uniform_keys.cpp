// "uniform": every key equally likely (e.g. a hot set of 1 000 keys).
#include "models/workload/key_popularity.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class UniformKeys final : public KeyPopularity {
 public:
  explicit UniformKeys(uint32_t count) : count_(count) {}
  uint32_t sample(sim::Rng& rng) const override { return rng.below(count_); }
  uint32_t key_count() const override { return count_; }
  double probability(uint32_t) const override { return 1.0 / count_; }
  bool descending() const override { return true; }

 private:
  uint32_t count_;
};

CACHESTORM_REGISTER(KeyPopularity, "uniform", [](sim::ConfigReader& reader) {
  uint32_t count = 1000;
  reader.integer("count", count, sim::Range::between(1, 4'000'000'000.0));
  return std::make_unique<UniformKeys>(count);
});

}  // namespace
}  // namespace cachestorm::models
