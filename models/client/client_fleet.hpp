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
// With client.retries a request is a series of attempts (models/client/client_fleet_retries.cpp):
// an attempt that times out or is answered with an error is retried after its backoff unless the
// policy, the total deadline or the client's budget says no; the request ends once, with its last
// attempt's outcome, filed under its first attempt's send time. An abandoned attempt's work goes
// on in the system (its origin query still holds a connection).
#pragma once
#include <array>
#include <cstdint>
#include <deque>
#include <memory>
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
  // kRetryDecide: an attempt's failure reaches its client; kRetrySend: a retry reaches its app.
  enum Kind : uint16_t { kTimeoutHead, kTimeoutAlone, kRetryDecide, kRetrySend };
  struct Timer {
    double deadline_s;
    uint32_t request;
  };
  void time_out(uint32_t request, double now);
  // The attempt `r` failed at at_s (>= the plane's clock, or the clock itself): ends its request,
  // or with retries hands the failure to decide() at that instant.
  void attempt_failed(const Request& r, double at_s, Outcome outcome, ErrorReason reason);
  // Retries (client_fleet_retries.cpp). A failed attempt waiting for its decision or its resend:
  struct Retry {
    double first_sent_s;
    double failed_s;  // when the failed attempt ended (its request's end if it is not retried)
    double send_s;    // the retry's send time, once decided
    uint32_t key, client, app;
    uint8_t attempt;  // the failed attempt's number, then the retry's
    Outcome outcome;
    ErrorReason reason;
  };
  void set_up_retries(const RetryConfig& config, const sim::RngStreams& streams);
  // Declares the retry metrics, with or without retries (the outputs keep one shape).
  void declare_retry_series();
  uint32_t hold_retry(const Request& r, double failed_s, Outcome outcome, ErrorReason reason);
  void decide(uint32_t retry, double now);
  void send_retry(uint32_t retry, double now);
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
  SeriesId late_answers_ = 0;
  // With client.retries (else retry_ is null):
  const RetryConfig* retry_ = nullptr;
  double total_deadline_s_ = 0.0;  // infinity: none
  std::vector<std::unique_ptr<RetryBudget>> budgets_;  // by client; empty without a budget
  std::vector<sim::Rng> backoff_rngs_;                  // by client
  std::vector<Retry> retries_;
  std::vector<uint32_t> free_retries_;
  SeriesId retries_sent_ = 0, budget_refusals_ = 0;
  std::array<SeriesId, static_cast<size_t>(ErrorReason::kReasonCount)> failures_{};  // [0]: timeouts
};

}  // namespace cachestorm::models
