// Where a MetricTable keeps the windows it no longer holds as rows: an append-only store of byte
// records, read back by position. A table moves a window there once it is closed and a fixed
// number of windows old (metric_table.hpp), so the table's memory does not grow with the
// duration or with duration x shards; what grows is the store.
// MemorySpill keeps the records in memory (compact: a row of doubles and sparse histograms), for
// tests and runs without a directory; run/file_spill.hpp keeps them in an unlinked file.
// Not thread-safe.
#pragma once
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cachestorm::models {

class WindowSpill {
 public:
  virtual ~WindowSpill() = default;
  // Stores `bytes` and returns where they start. Throws on a store that cannot take them.
  virtual uint64_t append(std::string_view bytes) = 0;
  // Copies `size` bytes stored from `position` into `into`. REQUIRES: they were appended.
  virtual void read(uint64_t position, size_t size, char* into) const = 0;
};

class MemorySpill final : public WindowSpill {
 public:
  uint64_t append(std::string_view bytes) override {
    const uint64_t position = bytes_.size();
    bytes_.append(bytes);
    return position;
  }
  void read(uint64_t position, size_t size, char* into) const override {
    if (position + size > bytes_.size()) throw std::out_of_range("spilled window past the stored bytes");
    std::memcpy(into, bytes_.data() + position, size);
  }

 private:
  std::string bytes_;
};

}  // namespace cachestorm::models
