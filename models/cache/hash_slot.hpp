// Redis Cluster key placement: slot = CRC16(key) mod 16384, where CRC16 is CRC-16/XMODEM
// (polynomial 0x1021, initial value 0, no reflection, no final xor), as the cluster
// specification defines it. A hash tag narrows what is hashed: if the key has a '{', a '}' after
// it, and at least one byte between the first '{' and the first '}' after it, only those bytes
// are hashed ("{user1000}.following" and "{user1000}.followers" share a slot; "foo{}{bar}" is
// hashed whole). Pure functions of the key's bytes; the shard map lives with the shards.
#pragma once
#include <array>
#include <cstdint>
#include <string_view>

namespace cachestorm::models {

inline constexpr uint32_t kHashSlots = 16384;

// CRC-16/XMODEM of the bytes of `data`.
uint16_t crc16_xmodem(std::string_view data);
// The CRC of every byte value (most significant bit first), for one-byte steps.
extern const std::array<uint16_t, 256> kCrc16XmodemTable;
// crc16_xmodem_more(crc, one byte), inline: for loops that hash many keys a byte at a time.
inline uint16_t crc16_xmodem_byte(uint16_t crc, unsigned char byte) {
  return static_cast<uint16_t>((crc << 8) ^ kCrc16XmodemTable[((crc >> 8) ^ byte) & 0xff]);
}
// The CRC of the bytes already hashed (whose CRC is `crc`) followed by `data`:
// crc16_xmodem(a + b) == crc16_xmodem_more(crc16_xmodem(a), b).
uint16_t crc16_xmodem_more(uint16_t crc, std::string_view data);
// The part of `key` that is hashed: the hash tag's inside when the key has one, else the key.
std::string_view hashed_part(std::string_view key);
// The cluster hash slot of `key`, in [0, 16384).
uint16_t hash_slot(std::string_view key);

}  // namespace cachestorm::models
