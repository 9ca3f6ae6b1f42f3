// Batch loads of per-key data ahead of use. A request's key is drawn up to a batch earlier than
// it is sent; loading per-key data of the whole batch then, in one loop (the hash slots, read
// first when a request is routed, and where its entry is; for writes also the entry, its cost
// and the source's record of the key), lets the CPU fetch them all at once from memory instead
// of one miss at a time on the request path. Measured here, software prefetches that far ahead
// had no effect (a write's entry prefetched when it arrives is still a miss when its update
// asks for it 2 ms later), so the loads are real and their sum is kept alive with
// keep_loaded(). (A GET's cache entry and value size are prefetched when it is sent, a link
// latency before its use: that short distance does pay.)
#pragma once
#include <cstddef>
#include <cstdint>

namespace cachestorm::models {

// Makes the compiler keep the loads that produced `value` (it emits no instruction).
inline void keep_loaded(uint64_t value) { asm volatile("" : : "r"(value)); }

// What the keys of a batch are drawn for.
enum class KeyUse : uint8_t { kReads, kWrites };

// A component with per-key data that requests read soon after their key is drawn.
class BatchLoader {
 public:
  virtual ~BatchLoader() = default;
  // Loads what requests of kind `use` will read of keys[0..n) (real loads, kept with keep_loaded).
  virtual void load(const uint32_t* keys, size_t n, KeyUse use) const = 0;
};

}  // namespace cachestorm::models
