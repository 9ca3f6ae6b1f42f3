// A client's retry budget ("budget" in client.retries): what keeps retries from multiplying the
// load when many attempts fail. Kinds register by name, one file each:
//   token_bucket: the AWS SDKs' standard retry quota (a bucket of tokens; a retry costs some,
//                 a success gives some back);
//   ratio:        Finagle's RetryBudget (retries at most a fraction of the requests of the last
//                 window, plus a minimum rate always allowed);
//   grpc:         gRPC's retry throttling (a failure costs a token, a success returns a fraction;
//                 no retries while the tokens are at or below half the maximum).
// Every client host keeps its own budget (fresh()). A budget only hears of its client's requests
// and attempts; it never sends, waits or decides a backoff. Times are the instants the client sees
// them (a success: when its answer is decided, at most a reply's travel before it arrives).
#pragma once
#include <memory>

namespace cachestorm::models {

class RetryBudget {
 public:
  virtual ~RetryBudget() = default;
  // A budget with the same settings in its starting state.
  virtual std::unique_ptr<RetryBudget> fresh() const = 0;
  // A request (its first attempt) is sent at now.
  virtual void on_request(double now) { (void)now; }
  // An attempt is answered with a value at now.
  virtual void on_success(double now) { (void)now; }
  // An attempt failed at now: it timed out (after_timeout) or was answered with an error.
  virtual void on_failure(double now, bool after_timeout) { (void)now, (void)after_timeout; }
  // Whether a retry of an attempt that failed at now may be sent; true takes its cost.
  virtual bool withdraw(double now, bool after_timeout) = 0;
};

}  // namespace cachestorm::models
