// What the request path publishes as it runs. Models call these; analysis implements them.
// Every call carries its own event time. Calls come in processing order, but a record's time may
// lie ahead of processing time (a hit's response is known when the cache answers) or behind it (a
// client timeout is known only when the slow answer arrives). Successful responses (kOk) are never
// behind processing time. Implementations must not call back into models.
#pragma once
#include <cstdint>

namespace cachestorm::models {

enum class LookupKind : uint8_t { kHit, kMiss, kCacheError };
enum class Outcome : uint8_t { kOk, kError, kClientTimeout };
enum class OriginEvent : uint8_t { kStarted, kQueued, kCompleted, kRejected, kQueueTimeout };
enum class CacheEvent : uint8_t { kExpired, kFilled, kFillLost };

class RequestObserver {
 public:
  virtual ~RequestObserver() = default;
  // A request sent by its client at sent_s was classified by the cache tier.
  virtual void on_lookup(double sent_s, LookupKind kind) = 0;
  // The client got its answer (or gave up) at done_s. For kClientTimeout, done_s = sent_s + timeout.
  virtual void on_response(double sent_s, double done_s, Outcome outcome) = 0;
  // Origin activity at t; busy and waiting are the origin's state just after the event.
  virtual void on_origin(double t, OriginEvent event, uint32_t busy, uint32_t waiting) = 0;
  virtual void on_cache(double t, CacheEvent event) = 0;
};

}  // namespace cachestorm::models
