// "xfetch": probabilistic early recomputation (Vattani, Chierichetti, Lowenstein, PVLDB 2015). A
// read that finds a fresh value recomputes it now, and answers with the new value, when
// now − Δ·β·ln(u) ≥ expiry, u uniform in (0, 1] from the strategy's own stream, Δ the duration
// of the fetch that stored the value (kept with it in the cache), expiry the end of its
// freshness. β > 1 recomputes earlier. A value stored without a measured Δ (warm start) is never
// recomputed early. Keeps no state.
#include <cmath>

#include "models/app/strategy.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class XFetch final : public Strategy {
 public:
  explicit XFetch(double beta) : beta_(beta) {}
  Stage stage() const override { return Stage::kRead; }
  std::unique_ptr<Strategy> for_instance() const override { return std::make_unique<XFetch>(*this); }
  ReadAction on_read(const FoundValue& value, sim::Rng& rng) const override {
    return recompute_early(value, rng.uniform_open0(), beta_) ? ReadAction::kRecompute : ReadAction::kServe;
  }

 private:
  double beta_;
};

std::unique_ptr<Strategy> make(sim::ConfigReader& reader) {
  double beta = 1.0;
  reader.number("beta", beta, sim::Range::positive());
  return std::make_unique<XFetch>(beta);
}

CACHESTORM_REGISTER(Strategy, "xfetch", make);

}  // namespace

bool recompute_early(const FoundValue& value, double u, double beta) {
  // −ln(u) is at most 53·ln 2 < 36.75 for u >= 2^-53 (the smallest draw uniform_open0 gives), so
  // a read further than 36.75·Δ·β before expiry never recomputes: the logarithm can be skipped.
  const double scale = value.recompute_s * beta;
  if (value.fresh_until_s - value.now > 36.75 * scale) return false;
  return value.now - scale * std::log(u) >= value.fresh_until_s;
}

}  // namespace cachestorm::models
