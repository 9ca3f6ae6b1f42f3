#include "models/cache/shard_server.hpp"

#include <algorithm>

namespace cachestorm::models {

ShardServer::Served ShardServer::queue_behind(double arrival_s, double service_s) {
  const size_t mask = done_times_.size() - 1;
  while (size_ > 0 && done_times_[head_] <= arrival_s) {
    head_ = (head_ + 1) & mask;
    --size_;
  }
  const auto before = static_cast<uint32_t>(size_);
  const double start = free_at_;  // > arrival_s: the server is busy
  free_at_ = start + service_s;
  busy_s_ += service_s;
  push_done(free_at_);
  in_system_peak_ = std::max(in_system_peak_, before + 1);
  return {start, free_at_, before};
}

void ShardServer::grow() {
  std::vector<double> bigger(done_times_.size() * 2);
  for (size_t i = 0; i < size_; ++i) bigger[i] = done_times_[(head_ + i) & (done_times_.size() - 1)];
  done_times_.swap(bigger);
  head_ = 0;
}

}  // namespace cachestorm::models
