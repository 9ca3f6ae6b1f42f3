// The one interface between the client hosts and the application tier, so that neither includes
// the other: a client hands requests and writes to its app instance (RequestHandler, the app
// tier), and the app tier tells the clients how their requests end (RequestOwner, the client
// fleet). Requests are indices into the plane's request pool (models/core/request_pool.hpp).
#pragma once
#include <cstdint>

#include "models/core/outcome.hpp"
#include "models/core/request_pool.hpp"

namespace cachestorm::models {

// Takes the requests of clients at their app instance.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  // A client request (its key, its client) reaches its instance now.
  virtual void on_request(uint32_t request, double now) = 0;
  // A write (no client request: nobody awaits an outcome) reaches its instance now.
  virtual void on_write(uint32_t request, double now) = 0;
};

// Decides how a client's request ends: with the answer that reaches it, or with its timeout.
class RequestOwner {
 public:
  virtual ~RequestOwner() = default;
  // An answer reaching the request's client at end_s is taken: it has not ended, and end_s is
  // within its timeout.
  static bool takes(const Request& r, double end_s) { return !r.ended && end_s <= r.deadline_s; }
  // At now the request's outcome is not known yet: time it out at its deadline unless it ends
  // first (a deadline already past is filed at once).
  virtual void await(uint32_t request, double now) = 0;
  // The request's answer reaches its client at end_s (ignored if it already ended). Drops the
  // request's hold for its work in the system.
  virtual void finish(uint32_t request, double end_s, Outcome outcome, ErrorReason reason) = 0;
};

}  // namespace cachestorm::models
