#include "run/simulate.hpp"

#include "run/file_spill.hpp"

#include <unistd.h>

#include <cmath>
#include <fstream>

#include "analysis/failover_report.hpp"
#include "models/plane_actors.hpp"
#include "models/platform_layout.hpp"
#include "models/request_plane.hpp"
#include "sim/engine.hpp"

namespace cachestorm::run {
namespace {

analysis::RunFacts facts_for(const models::Scenario& scenario, uint64_t replication, const RunControl& control) {
  analysis::RunFacts facts;
  facts.scenario_name = scenario.name;
  facts.seed = scenario.seed;
  facts.replication = replication;
  facts.duration_s = scenario.duration_s;
  facts.origin_connections = scenario.origin.connections;
  facts.in_flight_limit = control.max_in_flight;
  facts.warmup_s = control.warmup_s;
  facts.slo_latency_s = scenario.client.slo_latency_s;
  facts.incidents = analysis::incidents_of(scenario.resolved);
  facts.windows = analysis::joined_windows(analysis::scenario_windows(scenario.resolved), control.windows);
  facts.writing_classes = analysis::writing_classes_of(scenario.resolved);
  facts.staleness_budgets = analysis::staleness_budgets_of(scenario.resolved);
  facts.failover_faults = analysis::failover_faults_of(scenario.resolved);
  return facts;
}

models::PlaneBounds bounds_for(const RunControl& control) {
  models::PlaneBounds bounds;
  bounds.max_in_flight = control.max_in_flight;
  bounds.serve_at_send = control.serve_at_send;
  bounds.poll = [&control](double now, uint64_t requests) {
    if (control.on_progress) control.on_progress(now, requests);
    return control.should_stop && control.should_stop();
  };
  return bounds;
}

void finish(RunResult& result, models::RequestPlane& plane, double stopped_at) {
  result.facts.simulated_until_s = stopped_at;
  if (plane.halted() == models::Halt::kInFlightLimit) {
    result.facts.status = "stopped_at_in_flight_limit";
  } else if (stopped_at < result.facts.duration_s) {
    result.facts.status = "interrupted";
  }
  result.facts.resident_keys_at_end = plane.resident_keys(stopped_at);
  result.facts.failovers = plane.failovers();
  result.key_space_keys = plane.keys().key_count();
  plane.finish(stopped_at);
  result.requests = plane.requests();
  result.events = plane.events();
  result.served_at_send = plane.served_ahead();
  result.state_changes = plane.state_changes();
  result.rss_after_run_kb = resident_kb();
}

}  // namespace

long resident_kb() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return pages_resident * (sysconf(_SC_PAGESIZE) / 1024);
}

uint64_t available_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string name;
  uint64_t kib = 0;
  std::string unit;
  while (meminfo >> name >> kib >> unit)
    if (name == "MemAvailable:") return kib * 1024;
  return 0;
}

static std::unique_ptr<models::MetricTable> metric_table(const models::Scenario& scenario, const RunControl& control) {
  auto table = std::make_unique<models::MetricTable>(scenario.duration_s);
  if (!control.spill_dir.empty()) table->spill_to(std::make_unique<FileSpill>(control.spill_dir));
  return table;
}

RunResult simulate(const models::Scenario& scenario, uint64_t replication, const RunControl& control) {
  sim::SimEngine engine;
  const models::PlatformLayout layout = models::platform_layout(scenario);
  engine.build_platform(layout.hosts);
  const models::NetworkPaths paths = models::paths_from_platform(engine, scenario);

  RunResult result;
  result.facts = facts_for(scenario, replication, control);
  result.rss_before_model_kb = resident_kb();
  result.metrics = metric_table(scenario, control);
  const sim::RngStreams streams(static_cast<uint64_t>(scenario.seed), replication);
  models::RequestPlane plane(scenario, paths, streams, *result.metrics, bounds_for(control));

  models::SamplerHooks hooks;
  hooks.on_window_end = [&](double t) {
    plane.close_windows_through(t);
    if (control.on_progress) control.on_progress(t, plane.requests());
  };
  hooks.should_stop = control.should_stop;
  std::exception_ptr failure;
  hooks.failure = &failure;
  double stopped_at = 0.0;
  models::start_plane_actors(engine, plane, scenario, layout, std::move(hooks), &stopped_at);
  engine.run();
  if (failure) std::rethrow_exception(failure);
  finish(result, plane, stopped_at);
  return result;
}

RunResult simulate_without_engine(const models::Scenario& scenario, uint64_t replication, const RunControl& control) {
  RunResult result;
  result.facts = facts_for(scenario, replication, control);
  result.metrics = metric_table(scenario, control);
  const sim::RngStreams streams(static_cast<uint64_t>(scenario.seed), replication);
  models::RequestPlane plane(scenario, models::paths_from_links(scenario), streams, *result.metrics,
                             bounds_for(control));
  const auto changes = scenario.fault_changes();
  auto change = changes.begin();
  const auto windows = static_cast<long>(std::ceil(scenario.duration_s));
  for (long k = 1; k <= windows; ++k) {
    const double t = std::min(static_cast<double>(k), scenario.duration_s);
    for (; change != changes.end() && change->at_s < t; ++change) {
      plane.advance(change->at_s);
      plane.apply(*change);
    }
    plane.advance(t);
    if (plane.halted() != models::Halt::kNone) {
      finish(result, plane, std::floor(plane.now()));
      return result;
    }
    plane.close_windows_through(t);
  }
  finish(result, plane, scenario.duration_s);
  return result;
}

}  // namespace cachestorm::run
