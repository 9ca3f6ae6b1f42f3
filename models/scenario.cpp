#include "models/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "models/app/strategy_pipeline.hpp"
#include "models/faults/host_schedule.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

using sim::ConfigReader;
using sim::Range;

void read_link(ConfigReader reader, LinkConfig& link) {
  reader.number("latency_s", link.latency_s, Range::non_negative());
  reader.number("bandwidth_Bps", link.bandwidth_Bps, Range::positive());
  reader.finish();
}

void read_topology(ConfigReader reader, TopologyConfig& topology) {
  reader.integer("clients", topology.clients, Range::between(1, 100000));
  reader.integer("app_instances", topology.app_instances, Range::between(1, 100000));
  read_link(reader.child("client_link"), topology.client_link);
  read_link(reader.child("app_link"), topology.app_link);
  read_link(reader.child("cache_link"), topology.cache_link);
  read_link(reader.child("origin_link"), topology.origin_link);
  reader.finish();
}

// Value sizes are held as uint32_t bytes: a distribution that reaches past that is refused; the
// rare draws of an unbounded one past it are capped (see scenarios/README.md).
void check_value_sizes(const Distribution& sizes, const std::string& path) {
  constexpr double kMaxValueBytes = 4294967295.0;
  const bool bounded = std::isfinite(sizes.max_value());
  const double reach = bounded ? sizes.max_value() : sizes.mean();
  if (reach <= kMaxValueBytes) return;
  std::ostringstream problem;
  problem << (bounded ? "values reach " : "values average ") << reach
          << " bytes; a value may have at most 4294967295 bytes";
  throw sim::ConfigError(path, problem.str());
}

// A class's request times: a timed trace's own, an arrival process of its own, or a share of
// workload.arrivals. REQUIRES: key_class.keys read.
void read_class_arrivals(ConfigReader& reader, KeyClassConfig& key_class) {
  if (auto from_trace = key_class.keys->trace_arrivals()) {
    for (const char* key : {"arrivals", "share"})
      if (reader.present(key))
        throw sim::ConfigError(reader.path_of(key), "the trace's t_s column sets this class's request times; leave " +
                                                        std::string(key) + " out");
    reader.leave_out("arrivals");
    reader.leave_out("share");
    key_class.arrivals = std::move(from_trace);
    key_class.timed_trace = true;
    return;
  }
  key_class.arrivals = reader.optional_typed<ArrivalProcess>("arrivals", "poisson");
  if (key_class.arrivals && !reader.describing()) {
    if (reader.present("share"))
      throw sim::ConfigError(reader.path_of("share"), "a class with its own arrivals takes no share of "
                                                      "workload.arrivals; give one or the other");
    reader.leave_out("share");
    return;
  }
  reader.number("share", key_class.share, Range::positive());
}

void read_strategies(ConfigReader& reader, StrategyList& list) {
  for (auto& element : reader.array("strategies")) {
    auto strategy = element.build_typed<Strategy>("");
    list.push_back({std::move(strategy), element.resolved().value("type", ""), element.path()});
  }
}

// The class's writes (null: none). Their own keys must lie within the class's.
void read_class_writes(ConfigReader& reader, KeyClassConfig& key_class) {
  key_class.writes = reader.optional_typed<WritePath>("writes", "delete_after_write");
  if (!key_class.writes || !key_class.writes->keys || reader.describing()) return;
  const uint32_t own = key_class.writes->keys->key_count(), keys = key_class.keys->key_count();
  if (own > keys)
    throw sim::ConfigError(reader.path_of("writes") + ".keys.count",
                           "writes go to the class's keys: at most " + std::to_string(keys) + " (got " +
                               std::to_string(own) + ")");
}

// The class's staleness budget (null: none); staleness is measured only for a class with writes.
void read_staleness_budget(ConfigReader& reader, KeyClassConfig& key_class) {
  reader.optional_child("staleness_budget", [&](ConfigReader block) {
    StalenessBudget budget;
    block.number("age_s", budget.age_s, Range::non_negative());
    block.number("max_fraction", budget.max_fraction, Range::between(0.0, 1.0));
    block.finish();
    key_class.staleness_budget = budget;
  });
  if (key_class.staleness_budget && !key_class.writes && !reader.describing())
    throw sim::ConfigError(reader.path_of("staleness_budget"),
                           "staleness is measured only for a class with writes; add \"writes\" to the class "
                           "(\"type\": \"none\" for an out-of-band writer) or leave this out");
}

// Keys the origin does not have (null: none). A write would create such a key, which the model
// does not follow: a class has one or the other.
void read_not_found(ConfigReader& reader, KeyClassConfig& key_class) {
  reader.optional_child("not_found", [&](ConfigReader block) {
    NotFoundConfig not_found;
    block.number("fraction", not_found.fraction, Range::between(0.0, 1.0));
    block.optional_number("ttl_s", not_found.ttl_s, Range::positive());
    block.finish();
    key_class.not_found = not_found;
  });
  if (key_class.not_found && key_class.writes && !reader.describing())
    throw sim::ConfigError(reader.path_of("not_found"), "a class with writes has every key it writes; give not_found "
                                                        "to a read-only class or leave it out");
}

void read_key_class(ConfigReader reader, KeyClassConfig& key_class, StrategyList& strategies) {
  reader.text("name", key_class.name);
  if (key_class.name.empty() || key_class.name.size() > 64 ||
      key_class.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") !=
          std::string::npos)
    throw sim::ConfigError(reader.path_of("name"), "must be 1-64 of letters, digits, '_', '-' (got \"" +
                                                       key_class.name + "\")");
  reader.text("pattern", key_class.pattern);
  if (const auto problem = pattern_problem(key_class.pattern); !problem.empty())
    throw sim::ConfigError(reader.path_of("pattern"), problem + " (got \"" + key_class.pattern + "\")");
  key_class.keys = reader.typed<KeyPopularity>("keys", "zipf");
  read_class_arrivals(reader, key_class);
  key_class.value_size_bytes = reader.typed<Distribution>("value_size_bytes", "deterministic");
  check_value_sizes(*key_class.value_size_bytes, reader.path_of("value_size_bytes"));
  reader.optional_number("ttl_s", key_class.ttl_s, Range::positive());
  read_strategies(reader, strategies);
  if (!reader.describing()) check_strategies(strategies, key_class.ttl_s.has_value());
  read_class_writes(reader, key_class);
  read_staleness_budget(reader, key_class);
  read_not_found(reader, key_class);
  reader.finish();
}

void read_workload(ConfigReader reader, WorkloadConfig& workload, AppConfig& app) {
  auto classes = reader.non_empty_array("key_classes");
  workload.key_classes.resize(classes.size());
  app.class_strategies.resize(classes.size());
  for (size_t i = 0; i < classes.size(); ++i) {
    read_key_class(classes[i], workload.key_classes[i], app.class_strategies[i]);
    for (size_t j = 0; j < i; ++j)
      if (workload.key_classes[j].name == workload.key_classes[i].name)
        throw sim::ConfigError(classes[i].path_of("name"), "\"" + workload.key_classes[i].name +
                                                               "\" names another class too; names must differ");
  }
  const bool all_own = std::all_of(workload.key_classes.begin(), workload.key_classes.end(),
                                   [](const KeyClassConfig& c) { return c.arrivals != nullptr; });
  if (all_own && !reader.describing()) {
    if (reader.present("arrivals"))
      throw sim::ConfigError(reader.path_of("arrivals"), "every key class has its own arrivals, so this would "
                                                         "never be used; leave it out");
    reader.leave_out("arrivals");
  } else {
    workload.arrivals = reader.typed<ArrivalProcess>("arrivals", "poisson");
  }
  if (workload.key_count() > 4294967295ull)
    throw sim::ConfigError(reader.path_of("key_classes"), "the classes hold " + std::to_string(workload.key_count()) +
                                                              " keys together; at most 4294967295");
  reader.finish();
}

// write_behind keeps writes in the cache until their flush: there must be one.
void check_writes_need(const Scenario& scenario) {
  if (scenario.cache.enabled) return;
  for (size_t i = 0; i < scenario.workload.key_classes.size(); ++i) {
    const auto& writes = scenario.workload.key_classes[i].writes;
    if (writes && writes->behind())
      throw sim::ConfigError("workload.key_classes[" + std::to_string(i) + "].writes.type",
                             "write_behind keeps writes in the cache until they are flushed; it needs cache.enabled "
                             "true (choose delete_after_write, delete_before_write, write_through or none)");
  }
}

// A write_behind write lives in its primary until flushed; replicas do not carry those yet.
void check_replicas_without_write_behind(const Scenario& scenario) {
  if (scenario.cache.replicas_per_shard == 0) return;
  for (size_t i = 0; i < scenario.workload.key_classes.size(); ++i)
    if (scenario.workload.key_classes[i].writes && scenario.workload.key_classes[i].writes->behind())
      throw sim::ConfigError("cache.replicas_per_shard",
                             "replicas with a write_behind key class (workload.key_classes[" + std::to_string(i) +
                                 "].writes) are not modelled yet: set replicas_per_shard to 0 or choose "
                                 "delete_after_write, delete_before_write, write_through or none");
}

void read_faults(ConfigReader& reader, Scenario& scenario) {
  for (auto& element : reader.array("faults")) {
    scenario.faults.push_back({element.build_typed<Fault>(""), element.path()});
  }
  scenario.fault_changes();  // validates node indices and the like now, before anything runs
}

// Load spikes multiply every arrival process's rate (models/faults/load_spike.cpp); a class that
// replays a trace's times cannot follow one.
void apply_load_spells(Scenario& scenario) {
  for (const FaultEntry& entry : scenario.faults) {
    const auto spell = entry.fault->load_spell();
    if (!spell) continue;
    for (size_t i = 0; i < scenario.workload.key_classes.size(); ++i) {
      KeyClassConfig& key_class = scenario.workload.key_classes[i];
      if (key_class.timed_trace)
        throw sim::ConfigError(entry.path + ".type", "a load spike cannot change the request times workload.key_classes[" +
                                                         std::to_string(i) + "] replays from its trace; remove the "
                                                         "spike or the trace's t_s column");
      if (key_class.arrivals) key_class.arrivals->add_spell(*spell);
    }
    if (scenario.workload.arrivals) scenario.workload.arrivals->add_spell(*spell);
  }
}

// Spans the summary reports on their own (analysis/report_windows.hpp): names unique, inside the run.
void read_windows(ConfigReader& reader, double duration_s) {
  auto windows = reader.array("windows");
  for (size_t i = 0; i < windows.size(); ++i) {
    ConfigReader& element = windows[i];
    std::string name;
    double from_s = 0.0, to_s = 0.0;
    element.text("name", name);
    element.number("from_s", from_s, Range::non_negative());
    element.number("to_s", to_s, Range::non_negative());
    element.finish();
    if (reader.describing()) continue;
    if (name.empty() || name.size() > 64 ||
        name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != std::string::npos)
      throw sim::ConfigError(element.path_of("name"), "must be 1-64 of letters, digits, '_' and '-' (got \"" + name + "\")");
    for (size_t j = 0; j < i; ++j)
      if (windows[j].resolved().value("name", "") == name)
        throw sim::ConfigError(element.path_of("name"), "\"" + name + "\" names another window too; names must differ");
    std::ostringstream problem;
    if (to_s <= from_s) {
      problem << "must be greater than from_s (" << from_s << ")";
      throw sim::ConfigError(element.path_of("to_s"), problem.str());
    }
    if (from_s >= duration_s) {
      problem << "must be < duration_s (" << duration_s << "): the window would start after the run ends";
      throw sim::ConfigError(element.path_of("from_s"), problem.str());
    }
  }
}

}  // namespace

uint64_t WorkloadConfig::key_count() const {
  uint64_t total = 0;
  for (const auto& c : key_classes) total += c.keys->key_count();
  return total;
}

PlatformCounts Scenario::counts() const {
  return {topology.clients, topology.app_instances, cache.node_count(), cache.nodes, cache.replicas_per_shard};
}

std::vector<FaultChange> Scenario::fault_changes() const {
  std::vector<FaultChange> all;
  for (size_t i = 0; i < faults.size(); ++i) {
    const auto& entry = faults[i];
    auto changes = entry.fault->changes(counts(), duration_s, entry.path);
    for (FaultChange& change : changes) change.source = static_cast<uint32_t>(i);
    all.insert(all.end(), changes.begin(), changes.end());
  }
  return compose_changes(std::move(all));
}

namespace {

Scenario parse(const nlohmann::json& document, std::optional<int64_t> seed_override, nlohmann::json* schema) {
  Scenario scenario;
  ConfigReader root(document, scenario.resolved, "", schema);
  root.text("name", scenario.name);
  const bool name_ok = !scenario.name.empty() && scenario.name.size() <= 100 &&
                       scenario.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
                           std::string::npos && scenario.name[0] != '.';
  if (!name_ok)
    throw sim::ConfigError("name", "must be 1-100 of letters, digits, '.', '_', '-' and not start with '.' (got \"" +
                                       scenario.name + "\")");
  root.text("description", scenario.description);
  if (scenario.description.size() > 2000)
    throw sim::ConfigError("description", "must be at most 2000 characters (got " +
                                              std::to_string(scenario.description.size()) + ")");
  root.number("duration_s", scenario.duration_s, Range::between(1e-9, 1e9));
  root.integer("seed", scenario.seed, Range::non_negative());
  if (seed_override) scenario.resolved["seed"] = scenario.seed = *seed_override;
  read_topology(root.child("topology"), scenario.topology);
  read_workload(root.child("workload"), scenario.workload, scenario.app);
  for (size_t i = 0; i < scenario.workload.key_classes.size(); ++i)
    if (scenario.workload.key_classes[i].timed_trace && scenario.topology.clients != 1)
      throw sim::ConfigError("topology.clients", "must be 1 while a key class replays a trace with times (workload."
                                                 "key_classes[" + std::to_string(i) + "]): the trace's rows go out in order");
  read_cache_config(root.child("cache"), scenario.cache);
  if (!scenario.cache.enabled)
    for (const StrategyList& list : scenario.app.class_strategies)
      if (!list.empty())
        throw sim::ConfigError(list.front().path, "strategies act on cache calls, but cache.enabled is false");
  read_app_config(root.child("app"), scenario.app);
  check_writes_need(scenario);
  check_replicas_without_write_behind(scenario);
  read_origin_config(root.child("origin"), scenario.origin);
  read_client_config(root.child("client"), scenario.client);
  read_faults(root, scenario);
  if (!root.describing()) apply_load_spells(scenario);
  read_windows(root, scenario.duration_s);
  root.finish();
  return scenario;
}

}  // namespace

Scenario parse_scenario(const nlohmann::json& document, std::optional<int64_t> seed_override) {
  return parse(document, seed_override, nullptr);
}

nlohmann::json scenario_schema() {
  nlohmann::json schema = {{"$schema", "https://json-schema.org/draft/2020-12/schema"},
                           {"title", "cachestorm scenario"},
                           {"description", "Generated from the scenario parser by `cachestorm schema`; "
                                           "scenarios/README.md explains each key."},
                           {"type", "object"},
                           {"additionalProperties", false},
                           {"properties", nlohmann::json::object()}};
  parse(nlohmann::json::object(), std::nullopt, &schema);
  return schema;
}

}  // namespace cachestorm::models
