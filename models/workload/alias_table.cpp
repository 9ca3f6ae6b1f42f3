#include "models/workload/alias_table.hpp"

#include <cmath>

namespace cachestorm::models {

AliasTable::AliasTable(const std::vector<double>& weights) : columns_(weights.size()) {
  double total = 0.0;
  for (double w : weights) total += w;
  const auto n = static_cast<uint32_t>(weights.size());
  std::vector<double> scaled(n);
  std::vector<uint32_t> small, large;
  for (uint32_t i = 0; i < n; ++i) {
    scaled[i] = weights[i] / total * n;
    (scaled[i] < 1.0 ? small : large).push_back(i);
  }
  while (!small.empty() && !large.empty()) {
    const uint32_t lo = small.back(), hi = large.back();
    small.pop_back();
    set_column(lo, scaled[lo], hi);
    scaled[hi] -= 1.0 - scaled[lo];
    if (scaled[hi] < 1.0) {
      large.pop_back();
      small.push_back(hi);
    }
  }
  for (uint32_t i : large) set_column(i, 1.0, i);
  for (uint32_t i : small) set_column(i, 1.0, i);  // leftovers of rounding are full columns
}

void AliasTable::set_column(uint32_t index, double keep_probability, uint32_t alias) {
  const double scaled = std::ldexp(keep_probability, 32);
  columns_[index].threshold = scaled >= 4294967295.0 ? 0xffffffffu : static_cast<uint32_t>(scaled);
  columns_[index].alias = keep_probability >= 1.0 ? index : alias;
}

}  // namespace cachestorm::models
