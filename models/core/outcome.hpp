// How a client request ends, and why an error: the words the app tier and the clients share.
#pragma once
#include <cstdint>

namespace cachestorm::models {

enum class Outcome : uint8_t { kOk, kError, kClientTimeout };
enum class ErrorReason : uint8_t { kNone, kOriginRejected, kOriginQueueTimeout, kBreakerOpen, kLockWaitTimeout, kOriginError,
                                  kOriginTimeout,
                                  kOriginLimited,
                                  kOriginShed,
                                  kReasonCount };

}  // namespace cachestorm::models
