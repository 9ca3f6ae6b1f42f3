// How many origin queries an app instance lets run at once ("origin_limit" in the app block):
// a limit per instance, static or adaptive, registered by name (one file each: static, aimd).
// The app tier asks limit() before each read's origin query and reports each query's result:
// answered in time with a value, or not (an error, or given up after app.origin_timeout_s).
// Not a queue and not a clock: queries over the limit wait (app.origin_limit.max_wait_s) or fail
// in the app tier (models/app/app_tier_origin_limit.cpp).
#pragma once
#include <cstdint>
#include <memory>

namespace cachestorm::models {

class ConcurrencyLimit {
 public:
  virtual ~ConcurrencyLimit() = default;
  // A limit with the same settings in its starting state (one per app instance).
  virtual std::unique_ptr<ConcurrencyLimit> fresh() const = 0;
  // Queries allowed in flight now (>= 1).
  virtual uint32_t limit() const = 0;
  // A query held a slot and ended: ok (answered with a value in time) or not.
  virtual void on_result(bool ok) = 0;
};

}  // namespace cachestorm::models
