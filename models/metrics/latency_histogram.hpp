// A mergeable log-bucketed histogram of durations in seconds with at most 0.4 % relative error.
//
// Buckets come from the bits of the IEEE-754 double: the exponent and the top 7 mantissa bits,
// so each octave is split into 128 equal buckets (width <= 1/128 of the value) and a quantile is
// reported as its bucket's midpoint (error <= 1/256). Values <= 0 count in a zero bucket; values
// outside [2^-30 s, 2^20 s] are clamped to the end buckets. No log() per sample.
// Storage is sparse: an octave's 128 counters (1 KiB) exist once a value fell in it, so a window's
// histogram costs a few KiB, not the 51 KiB of all 50 octaves.
// Merge is bucket-wise addition, so per-window histograms add up to the run's histogram.
#pragma once
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/metrics/exact_sum.hpp"

namespace cachestorm::models {

class LatencyHistogram {
 public:
  LatencyHistogram();
  LatencyHistogram(const LatencyHistogram& other);
  LatencyHistogram& operator=(const LatencyHistogram& other);
  LatencyHistogram(LatencyHistogram&&) noexcept = default;
  LatencyHistogram& operator=(LatencyHistogram&&) noexcept = default;

  void add(double seconds) {
    if (seconds <= 0.0) {
      ++zero_count_;
    } else {
      const size_t bucket = bucket_of(seconds);
      auto& octave = octaves_[bucket / kPerOctave];
      if (!octave) octave = std::make_unique<Octave>();
      ++(*octave)[bucket % kPerOctave];
    }
    ++count_;
    sum_.add(seconds);
  }
  void merge(const LatencyHistogram& other);
  void clear();
  // Appends the histogram to `out`: its counts, its exact sum and its non-empty buckets.
  void serialize(std::string& out) const;
  // Replaces this histogram by the one serialize() wrote at `in`; returns the first byte past it.
  // REQUIRES: `in` holds what serialize() wrote.
  const char* deserialize(const char* in);
  uint64_t count() const { return count_; }
  // Mean of what was added (0 when empty): the sum is exact (models/metrics/exact_sum.hpp), so the
  // mean does not depend on the order values were added or histograms merged.
  double mean() const { return count_ == 0 ? 0.0 : sum_.value() / static_cast<double>(count_); }
  // Nearest-rank quantile: the smallest bucket whose cumulative count reaches ceil(q * count),
  // reported as the bucket midpoint. REQUIRES: count() > 0 and 0 < q <= 1.
  double quantile(double q) const;

  static constexpr int kMantissaBits = 7;

 private:
  static constexpr size_t kPerOctave = size_t{1} << kMantissaBits;
  using Octave = std::array<uint64_t, kPerOctave>;
  static constexpr int kShift = 52 - kMantissaBits;
  static constexpr uint64_t kLowestKey = std::bit_cast<uint64_t>(0x1.0p-30) >> kShift;
  static constexpr uint64_t kHighestKey = std::bit_cast<uint64_t>(0x1.0p20) >> kShift;
  static constexpr size_t kBuckets = static_cast<size_t>(kHighestKey - kLowestKey + 1);
  static size_t bucket_of(double seconds) {
    const uint64_t key = std::bit_cast<uint64_t>(seconds) >> kShift;
    return static_cast<size_t>((key < kLowestKey ? kLowestKey : key > kHighestKey ? kHighestKey : key) - kLowestKey);
  }
  static double bucket_midpoint(size_t bucket);
  uint64_t bucket_count(size_t bucket) const {
    const auto& octave = octaves_[bucket / kPerOctave];
    return octave ? (*octave)[bucket % kPerOctave] : 0;
  }

  std::vector<std::unique_ptr<Octave>> octaves_;
  uint64_t zero_count_ = 0;
  uint64_t count_ = 0;
  ExactSum sum_;
};

}  // namespace cachestorm::models
