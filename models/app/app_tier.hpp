// The application instances, doing cache-aside: a request that reaches its instance sends GET to
// the key's shard (routed by hash slot); a hit answers the client with the value; a miss, or a
// cache that does not answer within app.cache_timeout_s of the GET (shard down, or queued too
// long), queries the origin; the origin's value goes to the client and, after a miss, is written
// back with SET (not after a cache failure). With the cache disabled every request queries the
// origin. Strategies per key class (single-flight, XFetch, stale-while-revalidate, breakers)
// come with issue 8; they will keep their state here, per instance.
//
// GET replies, OOM errors, origin answers and give-ups are all taken at the instant they reach
// the instance, in that order, so state kept in an instance is read and changed in true order. Metrics per instance (label "app"):
// requests received, cache give-ups, SETs refused with OOM.
#pragma once
#include <cstdint>
#include <vector>

#include "models/cache/cache_cluster.hpp"
#include "models/core/plane_parts.hpp"
#include "models/origin/origin_server.hpp"
#include "models/scenario.hpp"

namespace cachestorm::models {

class ClientFleet;

class AppTier final : public Component, public CacheClient {
 public:
  AppTier(const Scenario& scenario, const PlaneParts& parts, uint16_t id);
  // REQUIRES: called once before the run; cache may be null when the cache is disabled.
  void connect(ClientFleet* clients, CacheCluster* cache, OriginServer* origin);

  // `request` reached its instance at now.
  void on_request(uint32_t request, double now);
  // Per key class: whether its GET replies must come as events in arrival order (its strategies
  // keep state in the instance); see CacheCluster::connect.
  std::vector<bool> ordered_replies() const;
  void on_cache_reply(uint32_t request, CacheReply reply, double now) override;
  void on_cache_silent(uint32_t request, double now) override;
  void on_set_refused(uint32_t app, double now) override;
  void on_event(uint16_t kind, uint32_t ref, double now) override;
  // The event kind origin answers arrive as (plus OriginAnswer).
  static constexpr uint16_t kFirstAnswerKind = 1;

 private:
  enum Kind : uint16_t { kCacheGiveUp = 0 };
  void give_up_on_cache(uint32_t request, double now);
  void on_answer(uint32_t request, OriginAnswer answer, double now);

  PlaneParts parts_;
  uint16_t id_;
  double cache_timeout_s_;
  ClientFleet* clients_ = nullptr;
  CacheCluster* cache_ = nullptr;
  OriginServer* origin_ = nullptr;
  std::vector<SeriesId> requests_, give_ups_, set_errors_;  // per instance
  std::vector<uint32_t> request_columns_;        // per instance
  std::vector<uint32_t> class_request_columns_;  // per key class
};

}  // namespace cachestorm::models
