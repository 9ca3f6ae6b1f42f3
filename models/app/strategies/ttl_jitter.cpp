// "ttl_jitter": every fill gets a TTL drawn around the class's ttl_s, so keys filled together do
// not expire together. mode "multiplicative": T·(1 + U(−fraction, +fraction)); mode "additive":
// T + U(0, max_s). K keys filled at once then expire spread over [T(1−j), T(1+j)] (or [T, T+J])
// instead of at one instant (../shared/reference/facts.md, TTL jitter).
#include "models/app/strategy.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class TtlJitter final : public Strategy {
 public:
  TtlJitter(bool multiplicative, double amount) : multiplicative_(multiplicative), amount_(amount) {}
  Stage stage() const override { return Stage::kTtl; }
  std::unique_ptr<Strategy> for_instance() const override { return std::make_unique<TtlJitter>(*this); }
  double fill_ttl_s(double ttl_s, sim::Rng& rng) const override {
    const double u = rng.uniform01();
    return multiplicative_ ? ttl_s * (1.0 + amount_ * (2.0 * u - 1.0)) : ttl_s + amount_ * u;
  }

 private:
  bool multiplicative_;
  double amount_;  // the fraction j, or J in seconds
};

std::unique_ptr<Strategy> make(sim::ConfigReader& reader) {
  std::string mode = "multiplicative";
  reader.choice("mode", mode, {"multiplicative", "additive"});
  double fraction = 0.1, max_s = 30.0;
  if (reader.describing() || mode == "multiplicative") reader.number("fraction", fraction, sim::Range::between(0.0, 0.999));
  if (reader.describing() || mode == "additive") reader.number("max_s", max_s, sim::Range::non_negative());
  return std::make_unique<TtlJitter>(mode == "multiplicative", mode == "multiplicative" ? fraction : max_s);
}

CACHESTORM_REGISTER(Strategy, "ttl_jitter", make);

}  // namespace
}  // namespace cachestorm::models
