#include "cli/bench_command.hpp"

#include <sched.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run/exit_codes.hpp"

namespace fs = std::filesystem;

namespace cachestorm::cli {
namespace {

struct Measurement {
  double wall_s = 0;
  double requests = 0;
  double events = 0;
  long peak_rss_kb = 0;
  double bytes_per_key = 0;
  double model_mb = 0;
  double resident_keys = 0;
  double bytes_per_space_key = 0;
};

// Runs `self run scenario --quiet` on CPU 0 and measures it; false if the child failed.
bool measure(const std::string& self, const std::string& scenario, const fs::path& scratch, Measurement& m) {
  const std::string out = (scratch / "out").string();
  const std::string perf = (scratch / "perf.json").string();
  std::error_code error;
  fs::remove(perf, error);  // --perf-out never overwrites: each round starts without it
  const pid_t child = fork();
  if (child == 0) {
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(0, &one);
    sched_setaffinity(0, sizeof one, &one);
    execl(self.c_str(), self.c_str(), "run", scenario.c_str(), "--quiet", "--out", out.c_str(), "--perf-out",
          perf.c_str(), static_cast<char*>(nullptr));
    _exit(kExitInternal);
  }
  int status = 0;
  rusage usage{};
  if (child < 0 || wait4(child, &status, 0, &usage) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return false;
  const auto report = nlohmann::json::parse(std::ifstream(perf));
  m.wall_s = report["wall_s"].get<double>();
  m.requests = report["requests"].get<double>();
  m.events = report["events"].get<double>();
  m.peak_rss_kb = usage.ru_maxrss;
  m.resident_keys = report["resident_keys"].get<double>();
  const double model_bytes =
      1024.0 * static_cast<double>(report["rss_after_run_kb"].get<long>() - report["rss_before_model_kb"].get<long>());
  m.model_mb = model_bytes / (1024.0 * 1024.0);
  m.bytes_per_key = m.resident_keys > 0 ? model_bytes / m.resident_keys : 0.0;
  const double space_keys = report["key_space_keys"].get<double>();
  m.bytes_per_space_key = space_keys > 0 ? model_bytes / space_keys : 0.0;
  return true;
}

}  // namespace

std::vector<std::string> canonical_scenarios() {
  std::error_code error;
  const fs::path beside = fs::canonical("/proc/self/exe", error).parent_path().parent_path() / "scenarios";
  const fs::path dir = !error && fs::exists(beside / "steady.json") ? beside : fs::path("scenarios");
  return {(dir / "steady.json").string(), (dir / "stampede.json").string(), (dir / "steady_sharded.json").string(), (dir / "steady_replicated.json").string(),
          (dir / "steady_evicting.json").string(), (dir / "sparse_keyspace.json").string(),
          (dir / "steady_strategies.json").string(), (dir / "stampede_single_flight.json").string(),
          (dir / "steady_writes.json").string()};
}

int bench_command(const BenchOptions& options) {
  for (const auto& scenario : options.scenarios) {
    std::error_code error;
    if (!fs::is_regular_file(scenario, error)) {
      std::fprintf(stderr, "cachestorm bench: scenario %s not found (name the files, or run from the project)\n",
                   scenario.c_str());
      return kExitNoInput;
    }
  }
  const fs::path scratch = fs::temp_directory_path() / ("cachestorm-bench-" + std::to_string(getpid()));
  // model_MB: resident memory the model added (key space, cache entries, queues, metrics);
  // B/res.key: that divided by the keys resident in the cache at the end of the run; B/key: that
  // divided by the keys of the key space (resident or not).
  std::printf("%-15s %12s %8s %13s %10s %12s %9s %14s %10s %7s\n", "scenario", "requests", "wall_s", "M req/wall-s",
              "events/req", "peak_rss_MB", "model_MB", "resident_keys", "B/res.key", "B/key");
  int status = kExitOk;
  for (const auto& scenario : options.scenarios) {
    Measurement best;
    bool failed = false;
    for (int r = 0; r < options.repeats && !failed; ++r) {
      fs::create_directories(scratch);
      Measurement m;
      failed = !measure(options.self_path, scenario, scratch, m);
      if (!failed && (r == 0 || m.wall_s < best.wall_s)) best = m;
      fs::remove_all(scratch);
    }
    if (failed) {
      std::fprintf(stderr, "cachestorm bench: run of %s failed\n", scenario.c_str());
      status = kExitInternal;
      continue;
    }
    std::printf("%-15s %12.0f %8.3f %13.3f %10.3f %12.1f %9.1f %14.0f %10.1f %7.1f\n", fs::path(scenario).stem().c_str(),
                best.requests, best.wall_s, best.requests / best.wall_s / 1e6, best.events / best.requests,
                best.peak_rss_kb / 1024.0, best.model_mb, best.resident_keys, best.bytes_per_key,
                best.bytes_per_space_key);
  }
  fs::remove_all(scratch);
  return status;
}

}  // namespace cachestorm::cli
