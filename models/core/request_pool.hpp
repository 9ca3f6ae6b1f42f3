// Requests in flight, as records in a pool addressed by index; freed records are reused, so the
// pool's size is the peak of requests in flight. A record carries what later stages need; it is
// freed when nothing refers to it any more (its holds drop to zero: the request's work in the
// system, and its client's timeout timer while that is pending).
#pragma once
#include <cstdint>
#include <vector>

namespace cachestorm::models {

struct Request {
  double sent_s;            // when the client sent it (a retry: when its request's first attempt was sent)
  double deadline_s;        // when its client gives up on this attempt (infinity: never)
  double cache_deadline_s;  // its app instance gives up on the current cache command at this
  uint32_t key;
  uint32_t client;
  uint32_t app;
  uint8_t holds;            // references still pending
  bool ended;               // the client has its outcome
  bool fill_on_answer;      // its app writes the origin's answer to the cache
  // Set by the stages that need them (strategies; models/app/app_tier.hpp):
  bool background = false;     // a refresh of the app's own: no client waits for it
  bool leads_flight = false;   // its fetch is the one the key's other misses wait for
  bool holds_lock = false;     // distributed single-flight: it took the key's lock and fetches
  uint8_t polls = 0;           // distributed single-flight: times it has polled for the value
  bool is_write = false;       // a write (models/writes/write_path.hpp), not a read
  uint8_t attempt = 1;         // which attempt of its client request it is (client.retries)
  bool origin_answered = false;   // with app.origin_timeout_s: its origin query's answer came
  bool origin_abandoned = false;  // with app.origin_timeout_s: its app gave the query up first
  bool holds_origin_slot = false; // with app.origin_limit: its query holds one of its instance's slots
  bool waits_for_slot = false;    // with app.origin_limit: it waits for one
  // With writes in the scenario: the version of the value it carries when read from the origin
  // (a hit's staleness is in stale_age_s alone) or made by its write; a write_behind write: its
  // shard's loss count at its SET.
  uint32_t version = 0;
  double fetch_sent_s = 0.0;   // when its app sent its origin query
  double found_at_s = 0.0;       // when its GET ran at the shard (the cache state it saw)
  double found_expires_s = 0.0;  // a hit: the entry's expiry, when the class reads values
  double fill_ttl_s = 0.0;       // a SET: the TTL it stores the value with
  float found_recompute_s = 0.0f;  // a hit: the fetch time stored with the value (XFetch's delta)
  float fill_recompute_s = 0.0f;   // a SET: the fetch time it stores with the value
  uint32_t next_waiter = 0;        // single-flight: the next request waiting on the same fetch
  uint32_t cycle = 0;              // its refill fetch's cycle (models/app/stampede_ledger.hpp); a
                                   // write: the step it is at (models/writes/write_path.hpp)
  float stale_age_s = -1.0f;       // with writes: the age of the value it carries (-1: current)
};

class RequestPool {
 public:
  uint32_t allocate() {
    if (free_.empty()) {
      records_.push_back({});
      return static_cast<uint32_t>(records_.size() - 1);
    }
    const uint32_t index = free_.back();
    free_.pop_back();
    return index;
  }
  Request& operator[](uint32_t index) { return records_[index]; }
  const Request& operator[](uint32_t index) const { return records_[index]; }
  // Drops one hold; frees the record when none is left.
  void release(uint32_t index) {
    if (--records_[index].holds == 0) free_.push_back(index);
  }
  uint64_t in_use() const { return records_.size() - free_.size(); }
  uint64_t capacity() const { return records_.size(); }

 private:
  std::vector<Request> records_;
  std::vector<uint32_t> free_;
};

}  // namespace cachestorm::models
