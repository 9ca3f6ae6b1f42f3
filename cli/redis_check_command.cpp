#include "cli/redis_check_command.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "cli/redis_client.hpp"
#include "models/workload/trace_reader.hpp"
#include "run/exit_codes.hpp"
#include "run/new_file.hpp"
#include "run/output_dir.hpp"

namespace cachestorm::cli {
namespace {

using Clock = std::chrono::steady_clock;

void expect_ok(RedisClient& redis, const std::vector<std::string>& words) {
  const RedisReply reply = redis.command(words);
  if (reply.kind == RedisReply::Kind::kError) throw std::runtime_error(words[0] + " failed: " + reply.text);
}

// One request of the replay.
struct Access {
  double t_s;
  std::string key;
  uint32_t value_bytes;
};

std::vector<Access> zipf_accesses(const models::EvictionCheckStream& stream) {
  const std::vector<uint32_t> keys = models::eviction_check_keys(stream);
  std::vector<Access> accesses;
  accesses.reserve(keys.size());
  for (uint64_t i = 0; i < keys.size(); ++i)
    accesses.push_back({static_cast<double>(i / stream.batch * stream.batch) / stream.rate_per_s,
                        models::eviction_check_name(keys[i]), stream.value_bytes});
  return accesses;
}

std::vector<Access> trace_accesses(const std::string& path, const models::EvictionCheckStream& stream) {
  models::TraceReader reader(path);
  std::vector<Access> accesses;
  models::TraceRow row;
  while (reader.next(row))
    accesses.push_back({row.t_s ? *row.t_s : static_cast<double>(accesses.size()) / stream.rate_per_s, row.key,
                        row.value_bytes ? *row.value_bytes : stream.value_bytes});
  return accesses;
}

void write_trace(const std::string& path, const std::vector<Access>& accesses) {
  std::string text = "key,t_s,value_bytes\n";
  char line[64];
  for (const Access& a : accesses) {
    std::snprintf(line, sizeof line, ",%.9g,%u\n", a.t_s, a.value_bytes);
    text.append(a.key).append(line);
  }
  run::write_new_file(path, text);
}

struct Paced {
  uint64_t hits = 0, misses = 0, oom = 0;
  double max_lag_s = 0.0, wall_s = 0.0;
};

// GETs of each batch at its first request's instant, pipelined; then SETs of its misses with the
// TTL (the order models::replay_cache_aside follows). Counts the second half.
Paced replay(RedisClient& redis, const models::EvictionCheckStream& stream, const std::vector<Access>& keys) {
  Paced paced;
  const std::string ttl = std::to_string(static_cast<long long>(stream.ttl_s));
  const auto start = Clock::now();
  for (uint64_t i = 0; i < keys.size(); i += stream.batch) {
    const auto due = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(keys[i].t_s));
    auto now = Clock::now();
    while (now < due) now = Clock::now();  // a sleep would overshoot the 50 µs gaps
    paced.max_lag_s = std::max(paced.max_lag_s, std::chrono::duration<double>(now - due).count());
    const uint64_t end = std::min<uint64_t>(i + stream.batch, keys.size());
    for (uint64_t j = i; j < end; ++j) redis.queue({"GET", keys[j].key});
    redis.flush();
    uint64_t sets = 0;
    for (uint64_t j = i; j < end; ++j) {
      const bool hit = redis.read_reply().kind == RedisReply::Kind::kBulk;
      if (!hit) {
        redis.queue({"SET", keys[j].key, std::string(keys[j].value_bytes, 'v'), "EX", ttl});
        ++sets;
      }
      if (j >= keys.size() / 2) (hit ? paced.hits : paced.misses) += 1;
    }
    if (sets == 0) continue;
    redis.flush();
    for (uint64_t s = 0; s < sets; ++s)
      if (redis.read_reply().kind == RedisReply::Kind::kError) ++paced.oom;
  }
  paced.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
  return paced;
}

}  // namespace

int redis_check_command(const RedisCheckOptions& options) {
  try {
    if (!options.write_trace_path.empty()) run::refuse_existing_file(options.write_trace_path);
    const auto& stream = options.stream;
    const std::vector<Access> accesses =
        options.trace_path.empty() ? zipf_accesses(stream) : trace_accesses(options.trace_path, stream);
    if (!options.write_trace_path.empty()) {
      write_trace(options.write_trace_path, accesses);
      return kExitOk;
    }
    RedisClient redis(options.host, options.port);
    expect_ok(redis, {"FLUSHALL"});
    expect_ok(redis, {"CONFIG", "SET", "maxmemory", "0"});
    expect_ok(redis, {"CONFIG", "RESETSTAT"});
    models::MemoryConfig memory;
    memory.base_bytes = std::stoull(redis.info_field("memory", "used_memory"));
    const uint64_t maxmemory = models::eviction_check_maxmemory(stream, memory, options.fraction);
    for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
             {"maxmemory-policy", options.policy}, {"maxmemory-samples", "5"}, {"lfu-log-factor", "10"},
             {"lfu-decay-time", "1"}, {"hz", "10"}, {"maxmemory", std::to_string(maxmemory)}})
      expect_ok(redis, {"CONFIG", "SET", name, value});
    const Paced paced = replay(redis, stream, accesses);
    const nlohmann::json result = {
        {"policy", options.policy},
        {"fraction", options.fraction},
        {"maxmemory_bytes", maxmemory},
        {"base_bytes", memory.base_bytes},
        {"hit_ratio", paced.hits + paced.misses == 0 ? 0.0 : double(paced.hits) / double(paced.hits + paced.misses)},
        {"hits", paced.hits},
        {"misses", paced.misses},
        {"oom_errors", paced.oom},
        {"evicted_keys", std::stoull(redis.info_field("stats", "evicted_keys"))},
        {"keys_at_end", redis.command({"DBSIZE"}).integer},
        {"used_memory_at_end", std::stoull(redis.info_field("memory", "used_memory"))},
        {"redis_version", redis.info_field("server", "redis_version")},
        {"max_lag_s", paced.max_lag_s},
        {"batch", stream.batch},
        {"rate_per_s", stream.rate_per_s},
        {"wall_s", paced.wall_s}};
    std::printf("%s\n", result.dump().c_str());
    return kExitOk;
  } catch (const run::OutputError& error) {
    std::fprintf(stderr, "cachestorm redis-check: %s\n", error.what());
    return kExitCannotWrite;
  } catch (const models::TraceError& error) {
    std::fprintf(stderr, "cachestorm redis-check: %s\n", error.what());
    return kExitBadScenario;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "cachestorm redis-check: %s\n", error.what());
    return kExitNoInput;
  }
}

}  // namespace cachestorm::cli
