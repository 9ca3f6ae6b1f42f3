#include "models/workload/alias_table.hpp"

#include <memory>

namespace cachestorm::models {

// Vose's construction. Its two work lists are stacks kept in one array: "small" (scaled weight
// below 1) grows up from the front, "large" down from the back, so building costs one allocation
// and no growth. Which column gets which alias depends on the stacks' order, so that order is part
// of the contract: small pops its last push, large pops its last push, and the leftovers are
// closed large first (in push order), then small (in push order).
// The weights are scaled in place (they become the scaled weights), and the work array is written
// before it is read, so nothing is zero-filled first.
AliasTable::AliasTable(double* weights, size_t count, double total) : columns_(count) {
  const auto n = static_cast<uint32_t>(count);
  double* const scaled = weights;
  const std::unique_ptr<uint32_t[]> work(new uint32_t[n]);
  uint32_t smalls = 0, larges = 0;  // work[0, smalls) and work[n - larges, n)
  for (uint32_t i = 0; i < n; ++i) {
    scaled[i] = weights[i] / total * n;
    if (scaled[i] < 1.0)
      work[smalls++] = i;
    else
      work[n - 1 - larges++] = i;
  }
  while (smalls > 0 && larges > 0) {
    const uint32_t lo = work[--smalls], hi = work[n - larges];
    set_column(lo, scaled[lo], hi);
    scaled[hi] -= 1.0 - scaled[lo];
    if (scaled[hi] < 1.0) {
      --larges;
      work[smalls++] = hi;
    }
  }
  for (uint32_t j = 0; j < larges; ++j) set_column(work[n - 1 - j], 1.0, work[n - 1 - j]);
  for (uint32_t j = 0; j < smalls; ++j) set_column(work[j], 1.0, work[j]);  // rounding leftovers: full columns
}

void AliasTable::set_column(uint32_t index, double keep_probability, uint32_t alias) {
  const double scaled = keep_probability * 4294967296.0;  // × 2^32: exact, as ldexp(p, 32)
  columns_[index].threshold = scaled >= 4294967295.0 ? 0xffffffffu : static_cast<uint32_t>(scaled);
  columns_[index].alias = keep_probability >= 1.0 ? index : alias;
}

}  // namespace cachestorm::models
