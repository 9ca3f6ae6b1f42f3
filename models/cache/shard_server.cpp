#include "models/cache/shard_server.hpp"

#include <algorithm>

namespace cachestorm::models {

ShardServer::Served ShardServer::serve(double arrival_s, double service_s) {
  while (!done_times_.empty() && done_times_.front() <= arrival_s) done_times_.pop_front();
  const auto before = static_cast<uint32_t>(done_times_.size());
  const double start = std::max(arrival_s, free_at_);
  free_at_ = start + service_s;
  busy_s_ += service_s;
  done_times_.push_back(free_at_);
  in_system_peak_ = std::max(in_system_peak_, before + 1);
  return {start, free_at_, before};
}

}  // namespace cachestorm::models
