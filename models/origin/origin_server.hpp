// The origin database as a component of the request path: queries arrive from application
// instances (over each instance's link), wait for one of `connections` (models/origin/origin_db),
// and their answer (the key's value, or an error: queue full, or waited past queue_timeout_s)
// travels back to the instance. A query is a read, or a write (Request::is_write: an update of
// the source of truth). With a SourceListener, a read takes its snapshot when it starts service
// and a write makes its update when it completes; the listener hears of both at that instant.
// Under origin_errors faults a served query may be answered with an error (kFailed).
// Metrics: queries (reads and writes) started, completed, rejected, queue timeouts, failed; busy
// connections and queue length as gauges.
#pragma once
#include <cstdint>
#include <vector>

#include "models/core/plane_parts.hpp"
#include "models/faults/fault_change.hpp"
#include "models/origin/origin_db.hpp"
#include "models/origin/origin_config.hpp"

namespace cachestorm::models {

// What an answer says; it reaches the asking component as its event kind first_kind + Answer.
enum class OriginAnswer : uint16_t { kOk, kRejected, kQueueTimeout, kFailed, kShed };

// Who hears of the source's reads and updates at their instants (versions, models/writes).
class SourceListener {
 public:
  virtual ~SourceListener() = default;
  // The read `request` starts service at now: it reads the source as it is now.
  virtual void on_source_read(uint32_t request, double now) = 0;
  // The write `request` completes at now: its update takes effect now.
  virtual void on_source_write(uint32_t request, double now) = 0;
};

class OriginServer final : public Component, public ChangeOwner {
 public:
  OriginServer(const OriginConfig& config, const PlaneParts& parts, const sim::RngStreams& streams, uint16_t id);
  // Answers go to component `client_id` as event kinds first_kind + OriginAnswer; listener may be
  // null (nobody tracks versions).
  void connect(uint16_t client_id, uint16_t first_kind, SourceListener* listener = nullptr) {
    client_id_ = client_id;
    first_kind_ = first_kind;
    listener_ = listener;
  }

  // The app instance of `request` sends its query at now.
  void query(uint32_t request, double now);
  void on_event(uint16_t kind, uint32_t ref, double now) override;
  // A slowdown of the database or a spell of failing queries beginning or ending (origin_slow,
  // origin_errors faults), at now.
  ChangeNote apply(const FaultChange& change, double now) override;

  uint32_t busy() const { return db_.busy(); }
  uint32_t waiting() const { return db_.waiting(); }
  uint64_t in_flight() const { return in_flight_; }

 private:
  enum Kind : uint16_t { kArrive, kDone, kQueueDeadline };
  void on_arrive(uint32_t request, double now);
  void on_done(uint32_t request, double now);
  void on_deadline(double now);
  void schedule_deadline();
  void report_expired();
  void answer(uint32_t request, double at_origin_s, OriginAnswer answer);
  void record_state(double now);
  // The query starts service at now (its completion is due at completion_s).
  void start(uint32_t request, double completion_s, double now);

  PlaneParts parts_;
  uint16_t id_;
  OriginDb db_;
  SlowDowns slow_;
  ErrorRates errors_;
  sim::Rng error_rng_;  // drawn only while errors_ is in force
  bool refusing_ = false;  // down (origin_down refuse): every query is refused at once
  uint16_t client_id_ = 0, first_kind_ = 0;
  SourceListener* listener_ = nullptr;
  std::vector<OriginDb::Expired> expired_, shed_;
  bool deadline_pending_ = false;
  uint64_t in_flight_ = 0;
  SeriesId arrived_, retried_, started_, completed_, rejected_, queue_timeouts_, failed_, shed_count_, busy_, waiting_;
};

}  // namespace cachestorm::models
