// A mergeable log-bucketed histogram of durations in seconds with at most 0.4 % relative error.
//
// Buckets come from the bits of the IEEE-754 double: the exponent and the top 7 mantissa bits,
// so each octave is split into 128 equal buckets (width <= 1/128 of the value) and a quantile is
// reported as its bucket's midpoint (error <= 1/256). Values <= 0 count in a zero bucket; values
// outside [2^-30 s, 2^20 s] are clamped to the end buckets. No log() per sample.
// Merge is bucket-wise addition, so per-window histograms add up to the run's histogram.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace cachestorm::analysis {

class LatencyHistogram {
 public:
  LatencyHistogram();
  void add(double seconds) {
    if (seconds <= 0.0) {
      ++zero_count_;
    } else {
      ++counts_[bucket_of(seconds)];
    }
    ++count_;
    sum_ += seconds;
  }
  void merge(const LatencyHistogram& other);
  void clear();
  uint64_t count() const { return count_; }
  // Exact mean of what was added (0 when empty).
  double mean() const { return count_ == 0 ? 0.0 : sum_ / static_cast<double>(count_); }
  // Nearest-rank quantile: the smallest bucket whose cumulative count reaches ceil(q * count),
  // reported as the bucket midpoint. REQUIRES: count() > 0 and 0 < q <= 1.
  double quantile(double q) const;

  static constexpr int kMantissaBits = 7;

 private:
  static size_t bucket_of(double seconds);
  static double bucket_midpoint(size_t bucket);

  std::vector<uint64_t> counts_;
  uint64_t zero_count_ = 0;
  uint64_t count_ = 0;
  double sum_ = 0.0;
};

}  // namespace cachestorm::analysis
