// Which platform host a fault or a state change is about, as a typed id (role and index), so no
// model ever parses a host name. models/platform_layout.hpp holds the one table between these
// ids and the SimGrid hosts' names.
#pragma once
#include <compare>
#include <cstddef>
#include <cstdint>

namespace cachestorm::models {

enum class HostRole : uint8_t { kClient, kApp, kCache, kOrigin, kControl };
inline constexpr size_t kHostRoles = 5;

struct HostId {
  HostRole role = HostRole::kControl;
  uint32_t index = 0;
  auto operator<=>(const HostId&) const = default;
};

}  // namespace cachestorm::models
