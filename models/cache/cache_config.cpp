#include "models/cache/cache_config.hpp"

#include <string>

#include "models/cache/hash_slot.hpp"

namespace cachestorm::models {
namespace {

void read_command_cost(sim::ConfigReader reader, CommandCost& cost) {
  reader.number("base_s", cost.base_s, sim::Range::non_negative());
  reader.number("per_byte_s", cost.per_byte_s, sim::Range::non_negative());
  reader.finish();
}

void read_commands(sim::ConfigReader reader, ShardServiceTimes& commands) {
  read_command_cost(reader.child("get"), commands.get);
  read_command_cost(reader.child("set"), commands.set);
  read_command_cost(reader.child("del"), commands.del);
  read_command_cost(reader.child("set_nx_px"), commands.set_nx_px);
  reader.finish();
}

void read_slot_ranges(sim::ConfigReader& reader, CacheConfig& cache) {
  std::vector<int> owner(kHashSlots, -1);
  for (auto& element : reader.array("slot_ranges")) {
    SlotRange range;
    element.integer("shard", range.shard, sim::Range::between(0, 999));
    element.integer("first", range.first, sim::Range::between(0, kHashSlots - 1));
    element.integer("last", range.last, sim::Range::between(0, kHashSlots - 1));
    element.finish();
    if (range.shard >= cache.nodes)
      throw sim::ConfigError(element.path_of("shard"), "must be < cache.nodes (" + std::to_string(cache.nodes) + ")");
    if (range.last < range.first) throw sim::ConfigError(element.path_of("last"), "must be >= first");
    for (uint32_t slot = range.first; slot <= range.last; ++slot) {
      if (owner[slot] >= 0)
        throw sim::ConfigError(element.path(), "slot " + std::to_string(slot) + " is already given to shard " +
                                                   std::to_string(owner[slot]));
      owner[slot] = static_cast<int>(range.shard);
    }
    cache.slot_ranges.push_back(range);
  }
  if (cache.slot_ranges.empty() || reader.describing()) return;
  for (uint32_t slot = 0; slot < kHashSlots; ++slot)
    if (owner[slot] < 0)
      throw sim::ConfigError(reader.path_of("slot_ranges"),
                             "slot " + std::to_string(slot) + " has no shard; the ranges must cover 0-16383");
}

void read_memory(sim::ConfigReader reader, MemoryConfig& memory) {
  reader.integer("maxmemory_bytes", memory.maxmemory_bytes, sim::Range::non_negative());
  reader.integer("key_overhead_bytes", memory.key_overhead_bytes, sim::Range::non_negative());
  reader.integer("expiry_overhead_bytes", memory.expiry_overhead_bytes, sim::Range::non_negative());
  reader.integer("bucket_bytes", memory.bucket_bytes, sim::Range::non_negative());
  reader.integer("base_bytes", memory.base_bytes, sim::Range::non_negative());
  reader.finish();
}

void read_active_expiry(sim::ConfigReader reader, ActiveExpiryConfig& expiry) {
  reader.number("hz", expiry.hz, sim::Range::between(0, 500));
  reader.integer("keys_per_loop", expiry.keys_per_loop, sim::Range::between(1, 1000));
  reader.integer("acceptable_stale_percent", expiry.acceptable_stale_percent, sim::Range::between(0, 100));
  reader.number("time_limit_percent", expiry.time_limit_percent, {0.0, 100.0, true});
  reader.number("key_cost_s", expiry.key_cost_s, sim::Range::non_negative());
  reader.finish();
}

void read_topology_refresh(sim::ConfigReader reader, TopologyRefreshConfig& refresh) {
  reader.flag("on_failure", refresh.on_failure);
  reader.number("min_interval_s", refresh.min_interval_s, sim::Range::non_negative());
  reader.number("periodic_s", refresh.periodic_s, sim::Range::non_negative());
  reader.finish();
}

void read_persistence(sim::ConfigReader reader, PersistenceConfig& persistence) {
  std::string type = "none";
  reader.choice("type", type, {"none", "rdb", "aof_everysec"});
  persistence.type = type == "rdb" ? PersistenceConfig::Type::kRdb
                     : type == "aof_everysec" ? PersistenceConfig::Type::kAofEverysec
                                              : PersistenceConfig::Type::kNone;
  reader.number("snapshot_interval_s", persistence.snapshot_interval_s, sim::Range::between(1, 1e9));
  reader.number("load_rate_Bps", persistence.load_rate_Bps, sim::Range::positive());
  reader.finish();
}

void read_replication(sim::ConfigReader reader, ReplicationConfig& replication) {
  replication.extra_lag_s = reader.typed<Distribution>("extra_lag_s", "deterministic");
  reader.finish();
}

}  // namespace

std::string cache_node_label(uint32_t node, uint32_t shards) {
  const uint32_t rank = node / shards;
  const std::string shard = std::to_string(node % shards);
  return rank == 0 ? shard : shard + "r" + std::to_string(rank);
}

void read_cache_config(sim::ConfigReader reader, CacheConfig& cache) {
  reader.flag("enabled", cache.enabled);
  reader.integer("nodes", cache.nodes, sim::Range::between(1, 1000));
  reader.integer("replicas_per_shard", cache.replicas_per_shard, sim::Range::between(0, 5));
  read_replication(reader.child("replication"), cache.replication);
  std::string read_from = "primary";
  reader.choice("read_from", read_from, {"primary", "replica"});
  cache.read_replicas = read_from == "replica";
  if (cache.read_replicas && cache.replicas_per_shard == 0 && !reader.describing())
    throw sim::ConfigError(reader.path_of("read_from"),
                           "\"replica\" needs replicas: set cache.replicas_per_shard to 1 or more, or read_from "
                           "\"primary\"");
  cache.failover = reader.typed<FailoverPolicy>("failover", "none");
  if (!reader.describing()) cache.failover->check(cache.nodes, cache.replicas_per_shard, reader.path_of("failover"));
  read_topology_refresh(reader.child("topology_refresh"), cache.topology_refresh);
  read_persistence(reader.child("persistence"), cache.persistence);
  read_slot_ranges(reader, cache);
  read_commands(reader.child("commands"), cache.commands);
  reader.flag("warm_start", cache.warm_start);
  read_memory(reader.child("memory"), cache.memory);
  cache.eviction = reader.typed<EvictionPolicy>("eviction", "noeviction");
  read_active_expiry(reader.child("active_expiry"), cache.active_expiry);
  reader.finish();
}

}  // namespace cachestorm::models
