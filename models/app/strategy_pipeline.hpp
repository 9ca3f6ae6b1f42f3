// One key class's strategies in one application instance: their per-instance copies, each with
// its own random stream ("app/<instance>/<class>/<type>", so turning one strategy on never shifts
// another's draws), asked in the order the scenario lists them. An empty pipeline is plain
// cache-aside. What the pipeline decides, the application tier (models/app/app_tier.hpp) does.
#pragma once
#include <string>
#include <vector>

#include "models/app/strategy.hpp"

namespace cachestorm::models {

class StrategyPipeline {
 public:
  StrategyPipeline() = default;
  // REQUIRES: `list` passed check_strategies().
  StrategyPipeline(const StrategyList& list, const sim::RngStreams& streams, const std::string& stream_prefix);

  bool empty() const { return stages_.empty(); }
  bool keeps_state() const { return keeps_state_; }
  // The TTL a fill of a value fresh for ttl_s is stored with (jitter applied, grace added).
  double stored_ttl_s(double ttl_s);
  double grace_s() const { return grace_s_; }
  bool reads_values() const { return !readers_.empty(); }
  // What a read that found `value` does (the strongest of the read strategies' answers).
  // REQUIRES: reads_values().
  ReadAction on_read(const FoundValue& value) {
    if (readers_.size() == 1) return readers_[0]->strategy->on_read(value, readers_[0]->rng);
    return strongest_read(value);
  }
  bool refresh_per_key() const { return refresh_per_key_; }
  bool coalesces_misses() const { return coalesces_misses_; }
  // The lock a miss takes in the shard (single_flight, scope distributed); null: none.
  const LockConfig* lock() const { return lock_; }
  // The breaker guarding calls to `shard` (null: none).
  CircuitBreaker* breaker(uint32_t shard) const {
    return class_breaker_ != nullptr ? class_breaker_ : guard_ != nullptr ? guard_->breaker(shard) : nullptr;
  }
  bool breaker_per_shard() const { return breaker_per_shard_; }
  // The pipeline has a circuit breaker.
  bool guarded() const { return guard_ != nullptr; }
  bool fail_closed() const { return fail_closed_; }

 private:
  struct Stage {
    std::unique_ptr<Strategy> strategy;
    sim::Rng rng;
  };
  ReadAction strongest_read(const FoundValue& value);
  std::vector<Stage> stages_;
  std::vector<Stage*> ttl_setters_, readers_;
  bool keeps_state_ = false, refresh_per_key_ = false, coalesces_misses_ = false, fail_closed_ = false;
  bool breaker_per_shard_ = false;
  double grace_s_ = 0.0;
  Strategy* guard_ = nullptr;
  CircuitBreaker* class_breaker_ = nullptr;  // the guard's one breaker, when not one per shard
  const LockConfig* lock_ = nullptr;
};

// Checks the strategies of one key class: each type at most once, at most one kMiss and one
// kGuard strategy, and TTL strategies only on a class whose keys have a TTL. Throws
// sim::ConfigError naming the offending strategy's path.
void check_strategies(const StrategyList& list, bool class_has_ttl);

}  // namespace cachestorm::models
