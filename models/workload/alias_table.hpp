// Walker's alias method (Vose's construction): draws index i with probability w[i] / sum(w) in
// O(1) from one 64-bit random number; the high 32 bits pick a column, the low 32 bits are compared
// with that column's integer threshold. Columns are 8 bytes, threshold and alias side by side, so
// a draw touches one cache line. Immutable after construction.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/rng.hpp"

namespace cachestorm::models {

class AliasTable {
 public:
  // REQUIRES: weights[0..n) with n > 0 and n < 2^32, all >= 0, sum > 0; `total` is their sum,
  // added in index order. The weights are the construction's scratch: they are overwritten (a
  // copy would cost 8 more bytes per column).
  AliasTable(double* weights, size_t n, double total);
  uint32_t sample(sim::Rng& rng) const { return resolve(rng.next_u64()); }
  // The two halves of sample(), for callers that prefetch many draws before resolving them:
  // prefetch(bits) starts loading the column that resolve(bits) will read.
  void prefetch(uint64_t bits) const { __builtin_prefetch(&columns_[column_of(bits)]); }
  uint32_t resolve(uint64_t bits) const {
    const uint32_t index = column_of(bits);
    const Column& column = columns_[index];
    return static_cast<uint32_t>(bits) < column.threshold ? index : column.alias;
  }
  size_t size() const { return columns_.size(); }

 private:
  struct Column {
    Column() {}  // left unset: construction writes every column once (no zero fill first)
    uint32_t threshold;  // keep the column's own index when the low 32 bits are below this
    uint32_t alias;
  };
  uint32_t column_of(uint64_t bits) const {
    return static_cast<uint32_t>(((bits >> 32) * columns_.size()) >> 32);
  }
  void set_column(uint32_t index, double keep_probability, uint32_t alias);
  std::vector<Column> columns_;
};

}  // namespace cachestorm::models
