#include "models/cache/hash_slot.hpp"

#include <array>

namespace cachestorm::models {
namespace {

// Table of the CRC of every byte value, most significant bit first.
constexpr std::array<uint16_t, 256> make_crc_table() {
  std::array<uint16_t, 256> table{};
  for (uint32_t byte = 0; byte < 256; ++byte) {
    uint16_t crc = static_cast<uint16_t>(byte << 8);
    for (int bit = 0; bit < 8; ++bit)
      crc = static_cast<uint16_t>((crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1);
    table[byte] = crc;
  }
  return table;
}

}  // namespace

constexpr std::array<uint16_t, 256> kCrc16XmodemTable = make_crc_table();

uint16_t crc16_xmodem(std::string_view data) { return crc16_xmodem_more(0, data); }

uint16_t crc16_xmodem_more(uint16_t crc, std::string_view data) {
  for (const unsigned char c : data) crc = crc16_xmodem_byte(crc, c);
  return crc;
}

std::string_view hashed_part(std::string_view key) {
  const auto open = key.find('{');
  if (open == std::string_view::npos) return key;
  const auto close = key.find('}', open + 1);
  if (close == std::string_view::npos || close == open + 1) return key;
  return key.substr(open + 1, close - open - 1);
}

uint16_t hash_slot(std::string_view key) { return static_cast<uint16_t>(crc16_xmodem(hashed_part(key)) % kHashSlots); }

}  // namespace cachestorm::models
