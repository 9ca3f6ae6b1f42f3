// No result may depend on how the request path meets the engine: a run under SimGrid (sampler
// and fault actors, host state callbacks) and the same request path advanced by a plain loop give
// the very same windows, bit for bit. Also: the platform's routes are the paths the model uses.
#include <gtest/gtest.h>

#include "analysis/run_report.hpp"
#include "integration/test_scenarios.hpp"
#include "run/simulate.hpp"
#include "models/platform_layout.hpp"
#include "sim/engine.hpp"

namespace cachestorm {
namespace {

TEST(EngineEquivalence, EngineRunEqualsPlainLoopBitForBit) {
  const auto scenario = models::parse_scenario(testing::busy_scenario());
  const auto engine_run = run::simulate(scenario, 0);
  const auto plain_run = run::simulate_without_engine(scenario, 0);
  const testing::MetricView m(*engine_run.metrics);
  // The scenario exercises every path: hits, misses, dead shards, rejections, queue timeouts,
  // client timeouts, on 3 shards behind 2 app instances.
  EXPECT_GT(m.count("shard_hits"), 0u);
  EXPECT_GT(m.count("shard_refused"), 0u);
  EXPECT_GT(m.count("origin_rejected") + m.count("origin_queue_timeouts"), 0u);
  EXPECT_GT(m.count("errors"), 0u);
  for (const char* shard : {"0", "1", "2"}) EXPECT_GT(m.total("shard_commands", shard), 0.0) << "shard " << shard;
  EXPECT_EQ(engine_run.requests, plain_run.requests);
  EXPECT_EQ(analysis::timeseries_csv(*engine_run.metrics), analysis::timeseries_csv(*plain_run.metrics));
  EXPECT_EQ(analysis::summary_json(*engine_run.metrics, engine_run.facts),
            analysis::summary_json(*plain_run.metrics, plain_run.facts));
}

TEST(EngineEquivalence, PlatformRoutesAreTheModelsPaths) {
  // CM02: a route's latency is the sum of its links' latencies (no LV08 factor of 13.01), and
  // its bandwidth the narrowest link's.
  const auto scenario = models::parse_scenario(testing::busy_scenario());
  sim::SimEngine engine;
  const auto layout = models::platform_layout(scenario);
  engine.build_platform(layout.hosts);
  const auto from_platform = models::paths_from_platform(engine, scenario);
  const auto from_links = models::paths_from_links(scenario);
  ASSERT_EQ(from_platform.client_app.size(), 3u);
  EXPECT_DOUBLE_EQ(from_platform.client_app[2].latency_s, 0.0002 + 0.0001);  // default app link 0.1 ms
  EXPECT_DOUBLE_EQ(from_platform.app_origin[1].bandwidth_Bps, 5e7);
  for (size_t a = 0; a < 2; ++a) {
    EXPECT_DOUBLE_EQ(from_platform.app_origin[a].latency_s, from_links.app_origin[a].latency_s);
    for (size_t k = 0; k < 3; ++k) {
      EXPECT_DOUBLE_EQ(from_platform.app_cache[a][k].latency_s, from_links.app_cache[a][k].latency_s);
      EXPECT_DOUBLE_EQ(from_platform.app_cache[a][k].bandwidth_Bps, from_links.app_cache[a][k].bandwidth_Bps);
    }
  }
}

}  // namespace
}  // namespace cachestorm
