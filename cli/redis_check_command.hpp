// `cachestorm redis-check`: replays the eviction check's key stream (models/cache/eviction_check.hpp),
// or a trace file (models/workload/trace_reader.hpp: paced by its t_s column, or at --rate),
// on a running redis-server as cache-aside, paced at the stream's rate, under one maxmemory-policy
// and one memory fraction, and prints one JSON object: the server's version and settings, the
// hit ratio over the second half, evicted keys, keys and used memory at the end, and how far the
// replay fell behind its pace. scripts/redis_eviction_check.sh runs it for every policy and
// fraction against a throwaway server and writes results/redis_eviction_check.json.
#pragma once
#include <cstdint>
#include <string>

#include "models/cache/eviction_check.hpp"

namespace cachestorm::cli {

struct RedisCheckOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 6379;
  std::string policy = "allkeys-lru";
  double fraction = 0.1;  // of the keys the maxmemory holds, by the model's memory accounting
  models::EvictionCheckStream stream;
  std::string trace_path;        // non-empty: replay this trace file instead of the Zipf stream
  std::string write_trace_path;  // non-empty: write the Zipf stream as a trace file and stop
};

// Returns an exit code (run/exit_codes.hpp); prints the JSON object on stdout.
int redis_check_command(const RedisCheckOptions& options);

}  // namespace cachestorm::cli
