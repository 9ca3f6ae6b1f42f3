// One Redis shard's command processing: a single server, first come first served, one command
// at a time (Redis executes commands on one main thread). Lindley's recursion: a command that
// arrives at a starts at max(a, the end of the command before it) and holds the server for its
// service time; it takes effect at its start (nothing else runs on the shard until it ends).
// The service time of a command is base + bytes × per_byte; the defaults are Redis 7.0.15's main
// thread CPU per command measured with scripts/measure_redis_service.sh (models/cache/README.md:
// ±40 % depending on load). Pure bookkeeping: the caller passes arrivals in time order.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace cachestorm::models {

struct CommandCost {
  double base_s;
  double per_byte_s;  // per byte of the value carried (read or written)
  double of(double bytes) const { return base_s + bytes * per_byte_s; }
};

struct ShardServiceTimes {  // fitted to 16 B – 100 KB values, 50 clients without pipelining
  CommandCost get{6.9e-6, 0.29e-9};
  CommandCost set{7.1e-6, 0.35e-9};
  CommandCost del{6.3e-6, 0.0};
  CommandCost set_nx_px{8.7e-6, 0.35e-9};  // a lock: SET key token NX PX ttl
};

class ShardServer {
 public:
  struct Served {
    double start_s;
    double done_s;
    uint32_t in_system_before;  // commands queued or in service when this one arrived
  };

  // When a command arriving at arrival_s would start (what it reads is the state then).
  double start_of(double arrival_s) const { return arrival_s > free_at_ ? arrival_s : free_at_; }
  // A command arriving at arrival_s that needs service_s. REQUIRES: arrivals non-decreasing.
  Served serve(double arrival_s, double service_s) {
    if (arrival_s >= free_at_) {  // idle: every earlier command is done
      head_ = size_ = 0;
      return start_idle(arrival_s, service_s);
    }
    return queue_behind(arrival_s, service_s);
  }
  // The shard lost its process: commands queued or in service are gone, it starts idle.
  void reset() {
    free_at_ = 0.0;
    head_ = size_ = 0;
  }

  double busy_s() const { return busy_s_; }  // total service time given so far
  uint32_t in_system_peak() const { return in_system_peak_; }

 private:
  Served start_idle(double arrival_s, double service_s) {
    free_at_ = arrival_s + service_s;
    busy_s_ += service_s;
    push_done(free_at_);
    if (in_system_peak_ == 0) in_system_peak_ = 1;
    return {arrival_s, free_at_, 0};
  }
  Served queue_behind(double arrival_s, double service_s);
  void push_done(double done_s) {
    if (size_ == done_times_.size()) grow();
    done_times_[(head_ + size_++) & (done_times_.size() - 1)] = done_s;
  }
  void grow();

  double free_at_ = 0.0;
  double busy_s_ = 0.0;
  // Ring (size a power of two) of the done times of the commands not yet done at the latest
  // arrival, ascending from head_.
  std::vector<double> done_times_ = std::vector<double>(16);
  size_t head_ = 0;
  size_t size_ = 0;
  uint32_t in_system_peak_ = 0;
};

}  // namespace cachestorm::models
