// AppTier's writes (models/writes/write_path.hpp): each write walks its class's write path one
// step at a time (Request::cycle holds the step), and the source's reads and updates reach the
// staleness ledger at their instants (OriginServer's SourceListener). Writes skip the class's
// read strategies. An invalidation (writes.invalidation) is a record of its own that carries
// one DEL.
#include <algorithm>

#include "models/app/app_tier.hpp"

namespace cachestorm::models {
namespace {
constexpr uint32_t kInvalidation = 100;  // Request::cycle of an invalidation's DEL
}  // namespace

void AppTier::on_write(uint32_t request, double now) {
  Request& r = parts_.requests[request];
  staleness_->write_arrived(r.key, now);
  r.cycle = static_cast<uint32_t>(write_path(r).first());
  take_write_step(request, now);
}

void AppTier::take_write_step(uint32_t request, double now) {
  Request& r = parts_.requests[request];
  const auto step = static_cast<WriteStep>(r.cycle);
  if (step == WriteStep::kDone) {
    parts_.requests.release(request);
    return;
  }
  if (step == WriteStep::kSource) {
    r.fill_on_answer = false;
    origin_->query(request, now);
    return;
  }
  if (cache_ == nullptr) {  // no cache: nothing to delete or set
    next_write_step(request, now);
    return;
  }
  r.cache_deadline_s = now + cache_timeout_s_;
  cache_->send_write(r.app, request, step == WriteStep::kCacheSet, now);
}

void AppTier::next_write_step(uint32_t request, double now) {
  Request& r = parts_.requests[request];
  if (static_cast<WriteStep>(r.cycle) == WriteStep::kCacheSet && !write_path(r).behind())
    staleness_->source().unwatch(r.key);  // write_through: its version is in the cache, or never will be
  r.cycle = static_cast<uint32_t>(write_path(r).after(static_cast<WriteStep>(r.cycle)));
  take_write_step(request, now);
}

void AppTier::on_write_reply(uint32_t request, bool applied, double now) {
  Request& r = parts_.requests[request];
  if (r.cycle == kInvalidation) {
    parts_.requests.release(request);
    return;
  }
  if (static_cast<WriteStep>(r.cycle) != WriteStep::kCacheSet || !write_path(r).behind()) {
    next_write_step(request, now);
    return;
  }
  if (!applied) {  // OOM: the write never took effect
    staleness_->write_failed(r.key, now);
    parts_.requests.release(request);
    return;
  }
  // The shard's write-behind worker flushes flush_delay_s after the SET ran.
  parts_.calendar.push(std::max(now, r.found_at_s + write_path(r).flush_delay_s()), id_, kFlush, request);
}

void AppTier::write_gave_up_on_cache(uint32_t request, double now) {
  Request& r = parts_.requests[request];
  if (r.cycle == kInvalidation) {
    parts_.requests.release(request);
    return;
  }
  if (write_path(r).behind()) {  // the SET found its shard down: the write is lost
    staleness_->write_lost(r.key, now);
    parts_.requests.release(request);
    return;
  }
  next_write_step(request, now);  // a DEL or write-through SET that did not happen
}

void AppTier::flush(uint32_t request, double now) {
  Request& r = parts_.requests[request];
  staleness_->source().unwatch(r.key);
  if (cache_->losses_of(r.key) != r.next_waiter) {  // its shard lost it (and withdrew its version)
    staleness_->write_lost(r.key, now);
    parts_.requests.release(request);
    return;
  }
  staleness_->source().commit(r.key, r.version);
  staleness_->flushed(r.key, now);
  next_write_step(request, now);  // the flush's query loads the origin
}

void AppTier::on_write_answer(uint32_t request, OriginAnswer answer, double now) {
  Request& r = parts_.requests[request];
  if (answer != OriginAnswer::kOk && !write_path(r).behind()) {  // the update never happened
    staleness_->write_failed(r.key, now);
    parts_.requests.release(request);
    return;
  }
  next_write_step(request, now);
}

void AppTier::on_source_read(uint32_t request, double now) {
  Request& r = parts_.requests[request];
  SourceVersions& source = staleness_->source();
  r.version = source.committed(r.key);
  r.stale_age_s = staleness_->age_of_source_read(r.key, r.version, now);
  if (r.fill_on_answer) source.watch(r.key);  // until its fill's SET is served
}

void AppTier::on_source_write(uint32_t request, double now) {
  Request& r = parts_.requests[request];
  const WritePath& path = write_path(r);
  if (path.behind()) return;  // a flush: its version was committed when it was made
  r.version = staleness_->source().advance(r.key, now, false);
  staleness_->source_moved(r.key, now);
  if (path.after(WriteStep::kSource) == WriteStep::kCacheSet) staleness_->source().watch(r.key);  // until its SET
  if (path.invalidation) invalidate_later(request, *path.invalidation, now);
}

void AppTier::invalidate_later(uint32_t writer, const InvalidationConfig& config, double now) {
  const Request w = parts_.requests[writer];  // a copy: allocate() may move the records
  sim::Rng& rng = invalidation_rngs_[parts_.keys.class_of(w.key)];
  if (config.lost_fraction > 0.0 && rng.uniform01() < config.lost_fraction) {
    staleness_->invalidation_lost(w.key, now);
    return;
  }
  const double delay_s = config.delay_s->sample(rng);
  const uint32_t index = parts_.requests.allocate();
  Request& del = parts_.requests[index];
  del = {now, std::numeric_limits<double>::infinity(), now, w.key, w.client, w.app, 1, false, false};
  del.is_write = true;
  del.cycle = kInvalidation;
  parts_.calendar.push(now + delay_s, id_, kInvalidate, index);
}

void AppTier::send_invalidation(uint32_t request, double now) {
  if (cache_ == nullptr) {
    parts_.requests.release(request);
    return;
  }
  Request& r = parts_.requests[request];
  r.cache_deadline_s = now + cache_timeout_s_;
  cache_->send_write(r.app, request, false, now);
}

}  // namespace cachestorm::models
