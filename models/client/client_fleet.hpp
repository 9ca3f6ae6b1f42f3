// The client hosts: open-loop load sources, and the one place a request's outcome is decided.
//
// Each client runs one source per request stream of the key space (workload.arrivals, and every
// key class with arrivals of its own; models/workload/key_space.hpp): a source sends at the
// times of its own arrival draws (the stream's rate split over the clients), asking for keys
// from its own key draws. Clients read no state when they send, so a client's next request is taken at the
// instant it reaches its application instance (send + the constant client->app delay: the
// connection is a FIFO with a fixed delay, so sends arrive in send order), which saves an event
// per request; sent_s is the true send time. Client c is served by app instance c mod
// app_instances over its own connection.
// Each key class with writes adds a write source per client (its writes' arrivals split over
// the clients, keys from the writes' own popularity or the class's); a write goes to the same
// instance as the client's reads, is no client request (no outcome, no timeout: the staleness
// ledger counts writes) and is handed over by AppTier::on_write.
// A request ends once: finish() with its answer, or its timeout at sent + client.timeout_s when
// nothing came by then. When the answer's time is known on the spot (a hit) and lies past the
// deadline, the timeout is filed at the deadline; when it is not (the request went to the
// origin), await() starts a timer on the calendar that fires at the deadline.
#pragma once
#include <array>
#include <cstdint>
#include <deque>
#include <vector>

#include "models/client/client_config.hpp"
#include "models/client/outcome_ledger.hpp"
#include "models/core/min_tree.hpp"
#include "models/core/plane_parts.hpp"
#include "models/core/request_hand_off.hpp"

namespace cachestorm::models {

class ClientFleet final : public Component, public RequestOwner {
 public:
  // `clients` client hosts; client c is served by app instance c mod `apps`.
  ClientFleet(const ClientConfig& config, uint32_t clients, uint32_t apps, const PlaneParts& parts,
              const sim::RngStreams& streams, uint16_t id);
  void connect(RequestHandler* apps) { apps_ = apps; }
  // Adds `loader` (non-null; it must outlive the fleet) to those that load per-key data of each
  // drawn batch of keys (models/core/warm_up.hpp).
  void load_batches_with(const BatchLoader* loader) { loaders_.push_back(loader); }

  // When the next request reaches its app instance.
  double next_arrival() const { return next_.top_time(); }
  // Creates that request and hands it to its app instance. REQUIRES: the plane's clock is there.
  void send_next();
  // RequestOwner (models/core/request_hand_off.hpp).
  void await(uint32_t request, double now) override;
  void finish(uint32_t request, double end_s, Outcome outcome, ErrorReason reason) override;
  void on_event(uint16_t kind, uint32_t ref, double now) override;
  // The run ends at covered_s: requests sent before it that had not reached their app instance
  // yet are reported sent (they end unfinished). Call once, at the end.
  void count_sends_before(double covered_s);

  OutcomeLedger& ledger() { return ledger_; }
  uint64_t requests() const { return sent_; }
  uint64_t writes() const { return writes_sent_; }

 private:
  // Deadlines mostly come in order (one timeout for every client), so they wait in a FIFO with
  // one calendar event for its head; a deadline earlier than the FIFO's last gets its own event.
  // When the head's event fires, the timers behind it whose requests have ended are dropped with
  // it (their records freed), and the event goes to the first one still pending.
  enum Kind : uint16_t { kTimeoutHead, kTimeoutAlone };
  struct Timer {
    double deadline_s;
    uint32_t request;
  };
  void time_out(uint32_t request, double now);
  struct Source {
    double next_at_app_s;
    double next_send_s;
    uint32_t index;  // stream * clients + client: ties go to the lower
    uint32_t stream;
    uint32_t client;
    uint32_t app;  // client mod app instances
    const ArrivalProcess* arrivals;
    const KeyPopularity* write_keys = nullptr;  // a write source: its keys' popularity, else null
    uint32_t first_key = 0;                     // a write source: its class's first key
    double next_own_s = 0.0;  // the next send in its arrival process's own clock (ArrivalProcess::send_time)
  };
  void add_write_sources(const sim::RngStreams& streams);
  static constexpr size_t kKeyBatch = 64;
  // A write's key loads more (its entry, its source record) and is used later after it is
  // drawn (writes are rarer): a smaller batch keeps that in the CPU caches until its use.
  static constexpr size_t kWriteKeyBatch = 8;
  struct KeyBuffer {
    explicit KeyBuffer(size_t batch = kKeyBatch) : size(batch), next(batch) {}
    std::array<uint32_t, kKeyBatch> keys;
    size_t size;  // keys drawn at a time
    size_t next;  // the next key to use; size: none left
  };
  uint32_t next_key(const Source& source);
  // Draws the source's next batch of keys and loads what their requests read first.
  void draw_keys(const Source& source, KeyBuffer& buffer);

  PlaneParts parts_;
  uint16_t id_;
  RequestHandler* apps_ = nullptr;
  OutcomeLedger ledger_;
  double timeout_s_;
  uint32_t app_count_;
  uint32_t client_count_;
  std::vector<Source> sources_;  // by index
  MinTree next_;                 // by source index: when its next request reaches its app instance
  // By source index:
  std::vector<sim::Rng> arrival_rngs_;
  std::vector<sim::Rng> key_rngs_;
  std::vector<KeyBuffer> key_buffers_;
  std::vector<const BatchLoader*> loaders_;
  uint64_t sent_ = 0;
  uint64_t writes_sent_ = 0;
  std::deque<Timer> timers_;
};

}  // namespace cachestorm::models
