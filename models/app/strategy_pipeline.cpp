#include "models/app/strategy_pipeline.hpp"

#include <algorithm>

#include "sim/config_reader.hpp"

namespace cachestorm::models {

StrategyPipeline::StrategyPipeline(const StrategyList& list, const sim::RngStreams& streams,
                                   const std::string& stream_prefix) {
  stages_.reserve(list.size());
  for (const StrategyEntry& entry : list) {
    Stage& stage = stages_.emplace_back(Stage{entry.strategy->for_instance(), streams.stream(stream_prefix + entry.type)});
    Strategy& s = *stage.strategy;
    keeps_state_ = keeps_state_ || s.keeps_state();
    switch (s.stage()) {
      case Strategy::Stage::kTtl: ttl_setters_.push_back(&stage); break;
      case Strategy::Stage::kRead:
        readers_.push_back(&stage);
        grace_s_ += s.grace_s();
        refresh_per_key_ = refresh_per_key_ || s.refresh_per_key();
        break;
      case Strategy::Stage::kMiss:
        lock_ = s.distributed_lock();
        coalesces_misses_ = lock_ == nullptr;
        break;
      case Strategy::Stage::kGuard:
        guard_ = &s;
        fail_closed_ = s.fail_closed();
        breaker_per_shard_ = s.breaker_per_shard();
        if (!breaker_per_shard_) class_breaker_ = s.breaker(0);
        break;
    }
  }
}

double StrategyPipeline::stored_ttl_s(double ttl_s) {
  for (Stage* stage : ttl_setters_) ttl_s = stage->strategy->fill_ttl_s(ttl_s, stage->rng);
  return ttl_s + grace_s_;
}

ReadAction StrategyPipeline::strongest_read(const FoundValue& value) {
  ReadAction action = ReadAction::kServe;
  for (Stage* stage : readers_) action = std::max(action, stage->strategy->on_read(value, stage->rng));
  return action;
}

void check_strategies(const StrategyList& list, bool class_has_ttl) {
  bool miss_seen = false, guard_seen = false;
  for (size_t i = 0; i < list.size(); ++i) {
    const StrategyEntry& entry = list[i];
    for (size_t j = 0; j < i; ++j)
      if (list[j].type == entry.type)
        throw sim::ConfigError(entry.path, "\"" + entry.type + "\" is already in this class's pipeline at " + list[j].path);
    const Strategy::Stage stage = entry.strategy->stage();
    if ((stage == Strategy::Stage::kTtl || stage == Strategy::Stage::kRead) && !class_has_ttl)
      throw sim::ConfigError(entry.path, "\"" + entry.type + "\" acts on expiry, but the class's ttl_s is null (keys never expire)");
    if (stage == Strategy::Stage::kMiss && std::exchange(miss_seen, true))
      throw sim::ConfigError(entry.path, "a pipeline holds one miss-coalescing strategy (single_flight)");
    if (stage == Strategy::Stage::kGuard && std::exchange(guard_seen, true))
      throw sim::ConfigError(entry.path, "a pipeline holds one guard (circuit_breaker)");
  }
}

}  // namespace cachestorm::models
