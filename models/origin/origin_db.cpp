#include "models/origin/origin_db.hpp"

#include <limits>

namespace cachestorm::models {

OriginDb::OriginDb(const OriginConfig& config, sim::Rng service_rng, sim::Rng write_service_rng)
    : service_(config.service_s.get()),
      write_service_(config.write_service_s ? config.write_service_s.get() : config.service_s.get()),
      rng_(service_rng),
      write_rng_(write_service_rng),
      connections_(config.connections),
      queue_limit_(config.queue_limit),
      queue_timeout_s_(config.queue_timeout_s) {
  if (config.codel) codel_.emplace(config.codel->target_s, config.codel->interval_s);
}

double OriginDb::start_service(double t, bool write) {
  ++busy_;
  return t + (write ? write_service_->sample(write_rng_) : service_->sample(rng_)) * factor_;
}

OriginDb::Admission OriginDb::arrive(double t, uint32_t query, bool write, double* completion_s) {
  if (busy_ < connections_ && !paused_) {
    *completion_s = start_service(t, write);
    return Admission::kStarted;
  }
  if (queue_limit_ && queue_.size() >= *queue_limit_) return Admission::kRejected;
  const double deadline = queue_timeout_s_ ? t + *queue_timeout_s_ : std::numeric_limits<double>::infinity();
  queue_.push_back({query, deadline, write, t});
  return Admission::kQueued;
}

void OriginDb::expire_waiting(double t, std::vector<Expired>& expired) {
  // All waiting queries share one timeout, so deadlines are in FIFO order: only the head can be due.
  while (!queue_.empty() && queue_.front().deadline_s <= t) {
    expired.push_back({queue_.front().query, queue_.front().deadline_s});
    queue_.pop_front();
  }
}

std::optional<OriginDb::Started> OriginDb::release(double t, std::vector<Expired>& expired, std::vector<Expired>& shed) {
  --busy_;
  expire_waiting(t, expired);
  if (queue_.empty() || paused_) return std::nullopt;
  if (codel_) {
    const auto next = codel_->dequeue(t, queue_, [&shed, t](const Waiting& w) { shed.push_back({w.query, t}); });
    if (!next) return std::nullopt;
    return Started{next->query, start_service(t, next->write)};
  }
  const Waiting next = queue_.front();
  queue_.pop_front();
  return Started{next.query, start_service(t, next.write)};
}

std::vector<OriginDb::Started> OriginDb::resume(double t) {
  paused_ = false;
  std::vector<Started> started;
  while (busy_ < connections_ && !queue_.empty()) {
    const Waiting next = queue_.front();
    queue_.pop_front();
    started.push_back({next.query, start_service(t, next.write)});
  }
  return started;
}

void OriginDb::drop_waiting(double t, std::vector<Expired>& dropped) {
  for (const Waiting& w : queue_) dropped.push_back({w.query, t});
  queue_.clear();
}

std::optional<double> OriginDb::next_deadline() const {
  if (queue_.empty() || !queue_timeout_s_) return std::nullopt;
  return queue_.front().deadline_s;
}

}  // namespace cachestorm::models
