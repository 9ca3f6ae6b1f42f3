// How a key class's keys are written: "writes": {"type": "delete_after_write", "arrivals": {...},
// ...} in a key class (null: the class is read-only). The type is the write path, the order in
// which a write touches the source of truth (the origin) and the cache:
//  - delete_after_write: update the source, then DEL the key (cache-aside's usual order);
//  - delete_before_write: DEL the key, then update the source (the wrong order);
//  - write_through: update the source, then SET the new value;
//  - write_behind: SET the new value, then flush it to the source flush_delay_s later (from the
//    shard; a flush not yet made when the shard fails is lost, and counted);
//  - none: update the source only (an out-of-band writer; only the TTL, or an invalidation
//    pipeline, bounds how long the cache keeps the old value).
// Every type may add an invalidation pipeline (change-data-capture): after each source update
// a DEL reaches the key's shard after a delay drawn from delay_s (plus the instance -> shard
// path), unless it is lost (lost_fraction of them). Writes arrive by their own arrival process at
// keys drawn by the class's popularity, or by their own "keys" block (over the class's keys).
// Each type is one file under models/writes/paths/ that registers its name and its steps. Plain
// data: the application tier carries the steps out (models/app/app_tier_writes.cpp).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>

#include "models/dist/distribution.hpp"
#include "models/workload/arrival_process.hpp"
#include "models/workload/key_popularity.hpp"

namespace cachestorm::sim {
class ConfigReader;
}

namespace cachestorm::models {

enum class WriteStep : uint8_t { kSource, kCacheDelete, kCacheSet, kDone };

struct InvalidationConfig {
  std::unique_ptr<Distribution> delay_s;  // default: deterministic 0
  double lost_fraction = 0.0;             // of invalidations that never arrive
};

// A write path: its two steps in order (then: kDone for a single step), and what every type has.
class WritePath {
 public:
  WritePath(WriteStep first, WriteStep then, double flush_delay_s = 0.0)
      : first_(first), then_(then), flush_delay_s_(flush_delay_s) {}
  WriteStep first() const { return first_; }
  // The step after `done`.
  WriteStep after(WriteStep done) const { return done == first_ ? then_ : WriteStep::kDone; }
  // write_behind: the cache holds the write first and the source gets it flush_delay_s after the SET.
  bool behind() const { return first_ == WriteStep::kCacheSet && then_ == WriteStep::kSource; }
  double flush_delay_s() const { return flush_delay_s_; }

  std::unique_ptr<ArrivalProcess> arrivals;  // default: poisson (its default rate), over the class
  std::unique_ptr<KeyPopularity> keys;       // null: the class's own popularity
  std::optional<InvalidationConfig> invalidation;

 private:
  WriteStep first_, then_;
  double flush_delay_s_;
};

// A write path of these steps, with what every type reads (arrivals, keys, invalidation) read
// from `reader`; each type's factory calls it. Throws sim::ConfigError.
std::unique_ptr<WritePath> read_write_path(sim::ConfigReader& reader, WriteStep first, WriteStep then,
                                           double flush_delay_s = 0.0);

}  // namespace cachestorm::models
