// SHA-256 (FIPS 180-4) of a byte string, as 64 lowercase hex digits. Used for the manifest's
// scenario fingerprint; not for security.
#pragma once
#include <string>
#include <string_view>

namespace cachestorm::sim {
std::string sha256_hex(std::string_view data);
}  // namespace cachestorm::sim
