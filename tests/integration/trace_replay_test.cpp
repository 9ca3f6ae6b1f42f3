// A key class replaying a key-access trace (models/workload/trace_keys.cpp): the trace's keys,
// times and value sizes drive the run exactly; a bad trace is refused with the file, line and
// rule; a class replaying a timed trace runs on one client.
#include <gtest/gtest.h>

#include <fstream>

#include "integration/test_scenarios.hpp"
#include "run/simulate.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm {
namespace {

std::string write_trace(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

nlohmann::json trace_scenario(const std::string& path) {
  return {{"duration_s", 2},
          {"workload", {{"key_classes", {{{"name", "replayed"}, {"keys", {{"type", "trace"}, {"path", path}}}, {"ttl_s", 10}}}}}},
          {"origin", {{"connections", 10}, {"service_s", {{"type", "deterministic"}, {"value", 0.01}}}}}};
}

TEST(TraceReplay, TimedTraceSetsTheRequestsKeysAndTimes) {
  // "a" misses at 0 and is filled at 0.01 s; "a" at 0.1 and 0.3 s hits; "b" misses; the
  // 512-byte values are read from the trace. Exactly 4 requests, 2 hits, 2 misses.
  const std::string path = write_trace("timed.csv", "key,t_s,value_bytes\na,0.0,512\na,0.1,512\nb,0.2,64\na,0.3,512\n");
  const auto scenario = testing::scenario_from(trace_scenario(path));
  EXPECT_EQ(scenario.workload.key_classes[0].keys->key_count(), 2u);
  const auto result = run::simulate_without_engine(scenario, 0);
  const testing::MetricView m(*result.metrics);
  EXPECT_EQ(m.count("requests"), 4u);
  EXPECT_EQ(m.count("key_class_hits"), 2u);
  EXPECT_EQ(m.count("key_class_misses"), 2u);
  EXPECT_EQ(m.count("ok"), 4u);
  // "a": 32 B dict entry, the name's sds (5 B in jemalloc's 8 B class), 16 B object + the
  // 512-byte value's sds (516 B in the 640 B class), 32 B expires entry; "b": the same with a
  // 64-byte value (68 B sds in the 80 B class); two 4-bucket tables.
  const uint64_t a = 32 + 8 + 16 + 640 + 32, b = 32 + 8 + 16 + 80 + 32;
  EXPECT_EQ(m.peak("shard_used_memory_bytes"), models::MemoryConfig{}.base_bytes + a + b + 2 * 4 * 8);
}

TEST(TraceReplay, UntimedTraceTakesTheClassArrivalsAndStartsOver) {
  const std::string path = write_trace("untimed.csv", "key\nx\ny\nz\n");
  auto document = trace_scenario(path);
  document["workload"]["arrivals"] = {{"type", "poisson"}, {"rate_per_s", 300}};
  document["origin"]["service_s"]["value"] = 1e-4;  // a fill lands long before the key's next request
  const auto scenario = testing::scenario_from(document);
  const auto result = run::simulate_without_engine(scenario, 0);
  const testing::MetricView m(*result.metrics);
  // Three keys in turn, each missed once and then hit for the rest of the run (TTL 10 s > 2 s).
  EXPECT_GT(m.count("requests"), 400u);  // Poisson 300/s over 2 s: 600 expected, sd 24.5; 400 is 8 sd below
  EXPECT_EQ(m.count("key_class_misses"), 3u);
}

std::string error_of(const nlohmann::json& document) {
  try {
    testing::scenario_from(document);
  } catch (const sim::ConfigError& error) {
    return error.what();
  }
  return "(accepted)";
}

TEST(TraceReplay, BadTracesAreRefusedWithFileLineAndRule) {
  const std::string where = "workload.key_classes[0].keys.path: ";
  const std::string columns = write_trace("columns.csv", "key,time\na,1\n");
  EXPECT_EQ(error_of(trace_scenario(columns)),
            where + columns + ": line 1: unknown column \"time\"; valid columns: key, op, t_s, value_bytes");
  const std::string back = write_trace("back.csv", "t_s,key\n1.0,a\n0.5,b\n");
  EXPECT_EQ(error_of(trace_scenario(back)), where + back + ": line 3: t_s goes back in time (0.5 after 1.000000)");
  const std::string write = write_trace("write.csv", "key,op\na,set\n");
  EXPECT_EQ(error_of(trace_scenario(write)),
            where + write + ": line 2: op \"set\" is not replayed; valid ops: get (writes arrive with the writes issue)");
  EXPECT_EQ(error_of(trace_scenario("/nonexistent/trace.csv")), where + "/nonexistent/trace.csv: cannot be read");
  auto two_clients = trace_scenario(write_trace("ok.csv", "key,t_s\na,0\n"));
  two_clients["topology"] = {{"clients", 2}};
  EXPECT_EQ(error_of(two_clients).rfind("topology.clients: must be 1 while a key class replays a trace with times", 0), 0u)
      << error_of(two_clients);
  auto with_share = trace_scenario(write_trace("ok2.csv", "key,t_s\na,0\n"));
  with_share["workload"]["key_classes"][0]["share"] = 2;
  EXPECT_EQ(error_of(with_share),
            "workload.key_classes[0].share: the trace's t_s column sets this class's request times; leave share out");
}

}  // namespace
}  // namespace cachestorm
