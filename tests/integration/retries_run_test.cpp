// Known answers for client retries (models/client/retry/, client_fleet_retries.cpp), from runs
// with the cache off (every attempt is an origin query) and an origin_errors fault that fails each
// served query with probability p, independently:
//  - with n attempts, attempts per request = (1 - p^n) / (1 - p) and the share of requests that
//    fail = p^n, in expectation (within 3 standard errors of the truncated geometric law);
//  - deterministic backoffs (jitter none) give every request the latency the schedule adds up to,
//    exactly; a total deadline cuts the schedule where it says;
//  - a token bucket (no refunds, every attempt failing) grants exactly max_tokens / cost retries
//    per client, gRPC throttling exactly the retries while its tokens stay above half;
//  - a ratio budget keeps retries within its fraction of the requests, and uses nearly all of it;
//  - retry_on "errors" never retries a timeout.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "cli_helpers.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::scratch_dir;
using testing::write_scenario;

// A run with the cache off, origin queries of a fixed 2 ms (no queueing at these rates), no link
// latency (an attempt takes its query's 2 ms), failing with `p` from t = 0; `client` is the client block. Returns summary.json.
nlohmann::json run(const std::string& name, const nlohmann::json& client, double p, const nlohmann::json& arrivals,
                   int clients = 2, double duration_s = 60, nlohmann::json faults = nullptr) {
  if (faults.is_null()) faults = {{{"type", "origin_errors"}, {"probability", p}, {"at_s", 0}}};
  const nlohmann::json scenario = {
      {"name", name},
      {"duration_s", duration_s},
      {"seed", 11},
      {"topology",
       {{"clients", clients},
        {"app_instances", 1},
        {"client_link", {{"latency_s", 0}}},
        {"app_link", {{"latency_s", 0}}},
        {"origin_link", {{"latency_s", 0}}}}},
      {"workload", {{"arrivals", arrivals}, {"key_classes", {{{"keys", {{"type", "uniform"}, {"count", 1000}}}}}}}},
      {"cache", {{"enabled", false}}},
      {"origin", {{"connections", 256}, {"service_s", {{"type", "deterministic"}, {"value", 0.002}}}}},
      {"client", client},
      {"faults", faults}};
  const fs::path file = write_scenario(name + ".json", scenario.dump());
  const fs::path out = scratch_dir() / name;
  const auto outcome = run_cli("run " + file.string() + " -q --out " + out.string());
  EXPECT_EQ(outcome.exit_code, 0) << outcome.stderr_text;
  return nlohmann::json::parse(read_file(out / "summary.json"));
}

const nlohmann::json kPoisson = {{"type", "poisson"}, {"rate_per_s", 2000}};
// The same, with no request sent in the last second of a 60 s run: every request (its retries
// take at most 5 x 12 ms) ends before the horizon, so the client's and the origin's books close
// together.
const nlohmann::json kPoissonEndingEarly = {{"type", "poisson"}, {"rate_per_s", 2000},
                                            {"profile", {{"type", "step"}, {"at_s", 59}, {"factor", 0}}}};
// 250 ms apart (exact in binary), so nothing overlaps: sends at 0.25 k, and a run of d seconds
// sends 4d - 1 requests (the one at the horizon is not sent), all ended by the horizon here.
const nlohmann::json kSparse = {{"type", "periodic"}, {"rate_per_s", 4}};

double count(const nlohmann::json& summary, const char* block, const char* key) {
  return summary.at(block).at(key).get<double>();
}

TEST(RetriesRun, AttemptsPerRequestAreTheTruncatedGeometricMeanAndFailuresPToTheN) {
  for (const auto& [p, n] : {std::pair{0.3, 3}, std::pair{0.6, 5}}) {
    const nlohmann::json client = {{"timeout_s", 1.0},
                                   {"retries", {{"max_attempts", n}, {"backoff", {{"type", "constant"}, {"delay_s", 0.01}}}}}};
    const auto s = run("geometric_" + std::to_string(n), client, p, kPoissonEndingEarly);
    // Attempts A per request: P(A = k) = p^(k-1) (1 - p) for k < n, P(A = n) = p^(n-1).
    double mean = 0.0, square = 0.0;
    for (int k = 1; k <= n; ++k) {
      const double pk = std::pow(p, k - 1) * (k < n ? 1 - p : 1.0);
      mean += k * pk;
      square += k * k * pk;
    }
    ASSERT_NEAR(mean, (1 - std::pow(p, n)) / (1 - p), 1e-12);
    ASSERT_EQ(count(s, "requests", "unfinished"), 0);
    const double requests = count(s, "requests", "total");
    ASSERT_GT(requests, 100000);
    const double se_attempts = std::sqrt((square - mean * mean) / requests);
    EXPECT_NEAR(s["retries"]["amplification"].get<double>(), mean, 3 * se_attempts) << "p " << p << " n " << n;
    std::printf("p %g n %d: amplification %.5f (%.5f, %+.2f SE), failed %.5f (%.5f, %+.2f SE)\n", p, n,
                s["retries"]["amplification"].get<double>(), mean,
                (s["retries"]["amplification"].get<double>() - mean) / se_attempts,
                count(s, "requests", "errors") / requests, std::pow(p, n),
                (count(s, "requests", "errors") / requests - std::pow(p, n)) / std::sqrt(std::pow(p, n) * (1 - std::pow(p, n)) / requests));
    const double fail = std::pow(p, n), se_fail = std::sqrt(fail * (1 - fail) / requests);
    EXPECT_NEAR(count(s, "requests", "errors") / requests, fail, 3 * se_fail) << "p " << p << " n " << n;
    // Exact bookkeeping: every error is an origin_error, every failed attempt was one origin failure,
    // and attempts = requests + retries.
    EXPECT_EQ(count(s, "requests", "errors"), s["requests"]["errors_by_reason"]["origin_error"].get<double>());
    EXPECT_EQ(s["retries"]["attempt_failures_by_reason"]["origin_error"].get<double>(), count(s, "origin", "failed"));
    EXPECT_EQ(count(s, "retries", "attempts"), count(s, "requests", "total") + count(s, "retries", "retries"));
    EXPECT_EQ(count(s, "requests", "client_timeouts"), 0);
  }
}

// Every attempt fails after its 2 ms query; retry k waits its backoff; so a request that makes
// all its attempts ends 4 x 2 ms + the backoffs after its send.
TEST(RetriesRun, DeterministicBackoffsAddUpExactlyAndATotalDeadlineCutsTheSchedule) {
  struct Case {
    nlohmann::json retries;
    double latency_s;
    double retries_per_request;
  };
  const Case cases[] = {
      {{{"max_attempts", 4}, {"backoff", {{"type", "constant"}, {"delay_s", 0.05}}}}, 4 * 0.002 + 3 * 0.05, 3},
      {{{"max_attempts", 4}, {"backoff", {{"type", "exponential"}, {"base_s", 0.01}, {"jitter", "none"}}}},
       4 * 0.002 + 0.01 + 0.02 + 0.04, 3},
      {{{"max_attempts", 6}, {"backoff", {{"type", "exponential"}, {"base_s", 0.01}, {"multiplier", 3}, {"cap_s", 0.05}, {"jitter", "none"}}}},
       6 * 0.002 + 0.01 + 0.03 + 0.05 + 0.05 + 0.05, 5},
      // Fails at 2, 14, 36 ms; the next retry would go at 76 ms, past the 50 ms deadline.
      {{{"max_attempts", 4}, {"deadline_s", 0.05}, {"backoff", {{"type", "exponential"}, {"base_s", 0.01}, {"jitter", "none"}}}},
       0.036, 2},
  };
  int i = 0;
  for (const Case& c : cases) {
    const auto s = run("backoff_" + std::to_string(i++), {{"timeout_s", 0.04}, {"retries", c.retries}}, 1.0, kSparse, 1, 20);
    ASSERT_EQ(count(s, "requests", "total"), 79);
    ASSERT_EQ(count(s, "requests", "errors"), 79);
    EXPECT_NEAR(s["latency_s"]["mean"].get<double>(), c.latency_s, 1e-9) << c.retries.dump();
    EXPECT_EQ(count(s, "retries", "retries"), c.retries_per_request * 79) << c.retries.dump();
  }
}

TEST(RetriesRun, ATokenBucketWithoutRefundsGrantsExactlyItsTokensOverTheCost) {
  // 2 clients, 50 tokens each, 5 per retry: 10 retries each, then every retry is refused.
  const nlohmann::json client = {
      {"timeout_s", 1.0},
      {"retries",
       {{"max_attempts", 2},
        {"backoff", {{"type", "constant"}, {"delay_s", 0.0}}},
        {"budget", {{"type", "token_bucket"}, {"max_tokens", 50}, {"success_refund", 0}}}}}};
  const auto s = run("token_bucket", client, 1.0, kPoisson, 2, 10);
  EXPECT_EQ(count(s, "retries", "retries"), 20);
  const double ended = count(s, "requests", "total") - count(s, "requests", "unfinished");
  EXPECT_EQ(count(s, "retries", "budget_refusals"), ended - 20);
  // After a timeout a retry costs 10: a hung origin times every attempt out, 5 retries per client.
  nlohmann::json hung = client;
  hung["timeout_s"] = 0.1;
  const auto t = run("token_bucket_timeouts", hung, 0.0, kPoisson, 2, 10,
                     {{{"type", "origin_down"}, {"mode", "hang"}, {"at_s", 0}}});
  EXPECT_EQ(count(t, "retries", "retries"), 10);
  EXPECT_GT(count(t, "requests", "client_timeouts"), 1000);
}

TEST(RetriesRun, GrpcThrottlingRetriesOnlyWhileTokensStayAboveHalf) {
  // 10 tokens, every attempt failing, nothing overlapping (one client, 250 ms apart): failures 1..4
  // leave 9, 8, 7, 6 tokens; the first attempts among them (failures 1 and 3) are retried, the
  // retries' own failures (2 and 4) are the last attempts; at failure 5 the tokens are 5: no more.
  const nlohmann::json client = {
      {"timeout_s", 1.0},
      {"retries", {{"max_attempts", 2}, {"backoff", {{"type", "constant"}, {"delay_s", 0.0}}}, {"budget", {{"type", "grpc"}}}}}};
  const auto s = run("grpc", client, 1.0, kSparse, 1, 20);
  EXPECT_EQ(count(s, "retries", "retries"), 2);
  EXPECT_EQ(count(s, "retries", "budget_refusals"), 79 - 2);
}

TEST(RetriesRun, ARatioBudgetKeepsRetriesWithinItsFractionOfRequests) {
  // Every attempt fails and may be retried 9 times, so only the budget limits retries. Each
  // window of 10 slices that ends a block of the run bounds the retries in it by 0.2 x its
  // requests, so over the run retries <= 0.2 x requests exactly; the budget binds all the time,
  // so it is used up to within the retries of the window's edges.
  const nlohmann::json client = {
      {"timeout_s", 1.0},
      {"retries",
       {{"max_attempts", 10},
        {"backoff", {{"type", "constant"}, {"delay_s", 0.001}}},
        {"budget", {{"type", "ratio"}, {"ratio", 0.2}, {"window_s", 10}, {"min_per_s", 0}}}}}};
  const auto s = run("ratio", client, 1.0, kPoisson, 2, 60);
  const double requests = count(s, "requests", "total"), retries = count(s, "retries", "retries");
  EXPECT_LE(retries, 0.2 * requests);
  EXPECT_GE(retries, 0.19 * requests);
  EXPECT_EQ(count(s, "retries", "budget_refusals"), count(s, "requests", "total") - count(s, "requests", "unfinished"));
}

TEST(RetriesRun, RetryingOnlyErrorsNeverRetriesATimeout) {
  const nlohmann::json client = {{"timeout_s", 0.1},
                                 {"retries", {{"max_attempts", 3}, {"retry_on", "errors"}}}};
  const auto s = run("errors_only", client, 0.0, kSparse, 1, 10, {{{"type", "origin_down"}, {"mode", "hang"}, {"at_s", 0}}});
  EXPECT_EQ(count(s, "retries", "retries"), 0);
  EXPECT_EQ(count(s, "requests", "client_timeouts"), 39);
  EXPECT_EQ(s["retries"]["attempt_failures_by_reason"]["client_timeout"].get<double>(), 39);
}

// app.origin_limit, static, without waiting: 2 slots, queries of exactly 10 ms, a request every
// 4 ms. Slots free at 14, 18, 26, 30, 38, ... ms while requests come at 4, 8, 12, 16, ...: every
// third request (12, 24, 36 ms, ...) finds both busy and fails at once. 10 s send 2 500 (the last
// just before 10 s: 1/250 is not exact in binary); the 2 499th is the 833rd to fail, the 2 498th
// and 2 500th are still in service at the end; the origin never has more than 2 in service.
TEST(RetriesRun, AStaticOriginLimitFailsExactlyTheRequestsFindingEverySlotBusy) {
  const nlohmann::json periodic = {{"type", "periodic"}, {"rate_per_s", 250}};
  const std::string name = "origin_limit";
  const nlohmann::json scenario = {
      {"name", name},
      {"duration_s", 10},
      {"topology",
       {{"clients", 1}, {"app_instances", 1}, {"client_link", {{"latency_s", 0}}}, {"origin_link", {{"latency_s", 0}}}}},
      {"workload", {{"arrivals", periodic}, {"key_classes", {{{"keys", {{"type", "uniform"}, {"count", 1000}}}}}}}},
      {"cache", {{"enabled", false}}},
      {"app", {{"origin_limit", {{"type", "static"}, {"limit", 2}}}}},
      {"origin", {{"connections", 8}, {"service_s", {{"type", "deterministic"}, {"value", 0.01}}}}}};
  const fs::path file = write_scenario(name + ".json", scenario.dump());
  const fs::path out = scratch_dir() / name;
  ASSERT_EQ(run_cli("run " + file.string() + " -q --out " + out.string()).exit_code, 0);
  const auto s = nlohmann::json::parse(read_file(out / "summary.json"));
  EXPECT_EQ(count(s, "requests", "total"), 2500);
  EXPECT_EQ(s["requests"]["errors_by_reason"]["origin_limited"].get<double>(), 833);
  EXPECT_EQ(count(s, "requests", "unfinished"), 2);
  EXPECT_EQ(count(s, "requests", "ok"), 2500 - 833 - 2);
  EXPECT_EQ(count(s, "origin", "busy_peak"), 2);
}

}  // namespace
}  // namespace cachestorm
