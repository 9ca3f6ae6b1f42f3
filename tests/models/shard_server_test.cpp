// The shard server (models/cache/shard_server.hpp) against exact Lindley arithmetic and the
// closed forms of single-server FIFO queues: M/M/1 mean sojourn 1/(μ − λ) and M/D/1 mean wait
// ρ / (2μ(1 − ρ)) (Pollaczek–Khinchine). Tolerances: 3 % over 10^6 commands, about ten
// standard errors of the sample mean at ρ = 0.8 (whose sojourn times are strongly correlated).
#include <gtest/gtest.h>

#include "models/cache/shard_server.hpp"
#include "sim/rng.hpp"

namespace cachestorm::models {
namespace {

TEST(ShardServer, FollowsLindleysRecursionExactly) {
  ShardServer shard;
  const double arrivals[] = {0.0, 1.0, 1.5, 10.0};
  const double starts[] = {0.0, 2.0, 4.0, 10.0};
  const uint32_t in_system[] = {0, 1, 2, 0};
  for (int i = 0; i < 4; ++i) {
    const auto served = shard.serve(arrivals[i], 2.0);
    EXPECT_EQ(served.start_s, starts[i]) << i;
    EXPECT_EQ(served.done_s, starts[i] + 2.0) << i;
    EXPECT_EQ(served.in_system_before, in_system[i]) << i;
  }
  EXPECT_EQ(shard.busy_s(), 8.0);
  EXPECT_EQ(shard.in_system_peak(), 3u);
}

double mean_sojourn(double lambda, bool exponential_service, double mu, int commands) {
  sim::Rng arrivals(11), services(12);
  ShardServer shard;
  double t = 0.0, sum = 0.0;
  for (int i = 0; i < commands; ++i) {
    t += arrivals.exponential(lambda);
    const double service = exponential_service ? services.exponential(mu) : 1.0 / mu;
    sum += shard.serve(t, service).done_s - t;
  }
  return sum / commands;
}

TEST(ShardServer, MM1MeanSojournIsOneOverMuMinusLambda) {
  const double mu = 1.0 / 7e-6, lambda = 0.8 * mu;  // a shard at 80 % of ~143 000 GETs/s
  EXPECT_NEAR(mean_sojourn(lambda, true, mu, 1000000), 1.0 / (mu - lambda), 0.03 / (mu - lambda));
}

TEST(ShardServer, MD1MeanWaitIsPollaczekKhinchine) {
  const double mu = 1.0 / 7e-6, lambda = 0.8 * mu, rho = lambda / mu;
  const double expected_sojourn = rho / (2.0 * mu * (1.0 - rho)) + 1.0 / mu;
  EXPECT_NEAR(mean_sojourn(lambda, false, mu, 1000000), expected_sojourn, 0.03 * expected_sojourn);
}

TEST(ShardServer, CommandCostsAreTheMeasuredFits) {
  const ShardServiceTimes times;
  EXPECT_NEAR(times.get.of(1000), 6.9e-6 + 1000 * 0.29e-9, 1e-15);  // 7.19 µs for a 1 KB GET
  EXPECT_NEAR(times.set.of(100000), 42.1e-6, 1e-9);  // measured 41.2 and 43.6 µs
  EXPECT_NEAR(times.get.of(100000), 35.9e-6, 1e-9);  // measured 35.1 and 37.6 µs
}

}  // namespace
}  // namespace cachestorm::models
