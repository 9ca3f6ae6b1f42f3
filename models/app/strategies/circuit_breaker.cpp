// "circuit_breaker": a breaker with resilience4j's semantics and defaults
// (models/app/circuit_breaker.hpp) around one instance's cache calls for the class: one breaker
// for all shards (scope "class": one dead shard can open it for the keys of healthy ones too) or
// one per shard (scope "shard", as a cluster client that tracks each node). A GET that
// gets no reply by app.cache_timeout_s is a failure, a reply slower than slow_call_duration_s a
// slow call. While it refuses calls, mode "fail_open" reads the origin directly and skips the
// write-back; "fail_closed" answers the client with an error (for comparison).
#include <deque>

#include "models/app/circuit_breaker.hpp"
#include "models/app/strategy.hpp"
#include "sim/config_reader.hpp"

namespace cachestorm::models {
namespace {

class BreakerStrategy final : public Strategy {
 public:
  BreakerStrategy(const CircuitBreakerConfig& config, bool fail_closed, bool per_shard)
      : config_(config), fail_closed_(fail_closed), per_shard_(per_shard), breakers_(1, CircuitBreaker(config)) {}
  Stage stage() const override { return Stage::kGuard; }
  std::unique_ptr<Strategy> for_instance() const override {
    return std::make_unique<BreakerStrategy>(config_, fail_closed_, per_shard_);
  }
  bool breaker_per_shard() const override { return per_shard_; }
  CircuitBreaker* breaker(uint32_t shard) override {
    if (!per_shard_) return &breakers_.front();
    while (breakers_.size() <= shard) breakers_.emplace_back(config_);
    return &breakers_[shard];
  }
  bool fail_closed() const override { return fail_closed_; }

 private:
  CircuitBreakerConfig config_;
  bool fail_closed_, per_shard_;
  std::deque<CircuitBreaker> breakers_;  // [shard, or 0]; a deque: pointers stay valid as it grows
};

CircuitBreakerConfig read_config(sim::ConfigReader& reader) {
  CircuitBreakerConfig c;
  std::string window = "count_based";
  reader.choice("window", window, {"count_based", "time_based"});
  c.window = window == "count_based" ? CircuitBreakerConfig::Window::kCountBased : CircuitBreakerConfig::Window::kTimeBased;
  reader.integer("window_size", c.window_size, sim::Range::between(1, 1e6));
  reader.integer("minimum_calls", c.minimum_calls, sim::Range::between(1, 1e9));
  reader.number("failure_rate_threshold_percent", c.failure_rate_threshold, sim::Range::between(0.001, 100.0));
  reader.number("slow_call_rate_threshold_percent", c.slow_call_rate_threshold, sim::Range::between(0.001, 100.0));
  reader.number("slow_call_duration_s", c.slow_call_duration_s, sim::Range::positive());
  reader.number("wait_in_open_s", c.wait_in_open_s, sim::Range::positive());
  reader.integer("permitted_in_half_open", c.permitted_in_half_open, sim::Range::between(1, 1e6));
  reader.number("max_wait_in_half_open_s", c.max_wait_in_half_open_s, sim::Range::non_negative());
  return c;
}

std::unique_ptr<Strategy> make(sim::ConfigReader& reader) {
  std::string mode = "fail_open", scope = "class";
  reader.choice("mode", mode, {"fail_open", "fail_closed"});
  reader.choice("scope", scope, {"class", "shard"});
  return std::make_unique<BreakerStrategy>(read_config(reader), mode == "fail_closed", scope == "shard");
}

CACHESTORM_REGISTER(Strategy, "circuit_breaker", make);

}  // namespace
}  // namespace cachestorm::models
