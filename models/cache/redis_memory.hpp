// What a key costs a Redis 7 shard's used_memory (what maxmemory is compared against), from how
// Redis stores a string key and how jemalloc rounds each allocation up to a size class:
//   main dict entry (24 B -> 32) + the key's name as an sds string (3 B header + name + 1)
//   + the value: an embstr object (16 B object + 3 + value + 1, one allocation) up to 44 bytes,
//     else a 16 B object and a raw sds (3, 5 or 9 B header by length + value + 1)
//   + with a TTL, an expires dict entry (24 B -> 32)
// plus the buckets of the two hash tables (8 B each, sizes in powers of two: shard_cache.hpp).
// This reproduces scripts/measure_redis_memory.sh's figures on Redis 7.0.15 exactly (16 B to 10 kB
// values, with and without TTL; models/cache/README.md). Plain functions, no state.
#pragma once
#include <cstdint>

namespace cachestorm::models {

struct MemoryConfig {
  uint64_t maxmemory_bytes = 0;         // per shard; 0: no limit (Redis's default)
  uint32_t key_overhead_bytes = 32;     // the main dict's entry for a key (24 B in a 32 B class)
  uint32_t expiry_overhead_bytes = 32;  // the expires dict's entry for a key with a TTL
  uint32_t bucket_bytes = 8;            // per bucket of the two hash tables
  uint64_t base_bytes = 964'080;        // an empty server's used_memory (Redis 7.0.15, measured)
};

// jemalloc's size class for an allocation of n bytes (8, 16, then multiples of 16 up to 128,
// then four classes per doubling: 160, 192, 224, 256, 320, ...).
inline uint64_t jemalloc_size_class(uint64_t n) {
  if (n <= 8) return 8;
  if (n <= 128) return (n + 15) / 16 * 16;
  uint64_t power = 128;
  while (power * 2 < n) power *= 2;
  const uint64_t step = power / 4;
  return (n + step - 1) / step * step;
}

// An sds string of `length` bytes: header by length (sds.c: sdsReqType), the bytes, a NUL.
inline uint64_t sds_bytes(uint64_t length) {
  const uint64_t header = length < 256 ? 3 : length < 65536 ? 5 : 9;
  return jemalloc_size_class(header + length + 1);
}

// A string value object (object.c: embstr up to 44 bytes, raw beyond).
inline uint64_t string_value_bytes(uint64_t length) {
  if (length <= 44) return jemalloc_size_class(16 + 3 + length + 1);
  return 16 + sds_bytes(length);
}

// What one key costs beyond the hash tables' buckets.
inline uint64_t entry_bytes(const MemoryConfig& memory, uint64_t name_bytes, uint64_t value_bytes, bool has_ttl) {
  return memory.key_overhead_bytes + sds_bytes(name_bytes) + string_value_bytes(value_bytes) +
         (has_ttl ? memory.expiry_overhead_bytes : 0);
}

}  // namespace cachestorm::models
