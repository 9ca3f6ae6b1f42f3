// Negative caching (workload.key_classes[].not_found): a fraction f of a class's keys the origin
// does not have, answered "not found".
//  - Not cached (ttl_s null), a warm cache with TTLs past the run: every request for such a key,
//    and only those, misses and reaches the origin, so the class's misses equal its not-found
//    answers exactly and no hit is negative. The warm cache holds the N − M keys that exist, so M
//    is read off the shard's keys; M is Binomial(N, f) (within 3 SE of f·N), and each request is
//    for a missing key with probability M/N (its misses within 3 binomial SE of that).
//  - Cached for T: a missing key read by Poisson requests at rate λ_k is fetched once per cycle of
//    T plus the wait for its next request (a TTL not reset on hits), so in steady state the share
//    of its requests that reach the origin is 1/(1 + λ_k T) (facts.md: a TTL cache's hit ratio
//    λT/(1 + λT)). Here λ_k = 1/s, T = 4 s, requests until E = 199 s, and the warm start caches
//    every missing key until T: its fetches from T on form a delayed renewal process (first gap
//    Exp(λ_k), mean 1; then T + Exp(λ_k), mean μ = 5, variance σ² = 1), whose expected count over
//    L = E − T is L/μ + (σ² + μ²)/(2μ²) − 1/μ = 39 + 0.52 − 0.2 = 39.32, against λ_k·E = 199
//    requests: 0.19759, within 3 binomial SE of the requests for missing keys.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "cli_helpers.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

using testing::read_file;
using testing::read_series;
using testing::run_cli;
using testing::scratch_dir;
using testing::write_scenario;

nlohmann::json scenario(const std::string& name, uint32_t keys, double fraction, const nlohmann::json& negative_ttl,
                        double duration_s) {
  return {{"name", name}, {"duration_s", duration_s}, {"seed", 3},
          {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_per_s", 1000},
                                      {"profile", {{"type", "step"}, {"at_s", duration_s - 1}, {"factor", 0}}}}},
                        {"key_classes", {{{"name", "k"}, {"keys", {{"type", "uniform"}, {"count", keys}}},
                                          {"ttl_s", 1000000},
                                          {"not_found", {{"fraction", fraction}, {"ttl_s", negative_ttl}}}}}}}},
          {"cache", {{"warm_start", true}, {"active_expiry", {{"hz", 0}}}}},
          {"origin", {{"connections", 1000}, {"service_s", {{"type", "deterministic"}, {"value", 0.001}}}}}};
}

TEST(NegativeCaching, UncachedNotFoundKeysMissEveryTimeAndOnlyThey) {
  const uint32_t n = 2000;
  const double f = 0.2;
  const fs::path out = scratch_dir() / "uncached";
  const auto run = run_cli("run " + write_scenario("uncached.json", scenario("uncached", n, f, nullptr, 30).dump()).string() +
                           " -q --out " + out.string());
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  const auto& k = summary["key_classes"]["k"];
  EXPECT_EQ(k["misses"], k["not_found"]["answers"]);
  EXPECT_EQ(k["not_found"]["negative_hits"], 0);
  EXPECT_EQ(summary["requests"]["ok"], summary["requests"]["total"]) << "not found is an answer, not an error";
  const auto keys = read_series(out / "timeseries.csv", "shard_keys_end", "shard=0");
  const double missing = n - keys.at(0);
  EXPECT_EQ(keys.at(29), keys.at(0)) << "nothing is filled: the missing keys are never cached";
  EXPECT_LT(std::abs(missing - f * n), 3.0 * std::sqrt(n * f * (1 - f))) << missing;
  const double requests = k["requests"].get<double>(), p = missing / n;
  EXPECT_LT(std::abs(k["misses"].get<double>() / requests - p), 3.0 * std::sqrt(p * (1 - p) / requests));
}

TEST(NegativeCaching, ACachedNotFoundAnswerSparesTheOriginAsATtlCacheWould) {
  const fs::path out = scratch_dir() / "cached";
  const auto run = run_cli("run " + write_scenario("cached.json", scenario("cached", 1000, 0.2, 4, 200).dump()).string() +
                           " -q --out " + out.string());
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  const auto& k = summary["key_classes"]["k"];
  const double answers = k["not_found"]["answers"].get<double>(), negative = k["not_found"]["negative_hits"].get<double>();
  const double end = 199.0, ttl = 4.0, mu = ttl + 1.0;
  const double reads = answers + negative, expected = ((end - ttl) / mu + (1.0 + mu * mu) / (2 * mu * mu) - 1.0 / mu) / end;
  EXPECT_EQ(k["misses"], answers) << "every miss is a missing key's: the others stay cached";
  EXPECT_LT(std::abs(answers / reads - expected), 3.0 * std::sqrt(expected * (1 - expected) / reads))
      << answers / reads << " of " << reads;
}

}  // namespace
}  // namespace cachestorm
