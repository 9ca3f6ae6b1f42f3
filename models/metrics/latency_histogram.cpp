#include "models/metrics/latency_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

namespace cachestorm::models {
LatencyHistogram::LatencyHistogram() : octaves_((kBuckets + kPerOctave - 1) / kPerOctave) {}

LatencyHistogram::LatencyHistogram(const LatencyHistogram& other) : LatencyHistogram() { merge(other); }

LatencyHistogram& LatencyHistogram::operator=(const LatencyHistogram& other) {
  if (this != &other) {
    clear();
    merge(other);
  }
  return *this;
}

double LatencyHistogram::bucket_midpoint(size_t bucket) {
  const uint64_t key = bucket + kLowestKey;
  const double low = std::bit_cast<double>(key << kShift);
  const double high = std::bit_cast<double>((key + 1) << kShift);
  return 0.5 * (low + high);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (size_t o = 0; o < octaves_.size(); ++o) {
    if (!other.octaves_[o]) continue;
    if (!octaves_[o]) octaves_[o] = std::make_unique<Octave>();
    for (size_t i = 0; i < kPerOctave; ++i) (*octaves_[o])[i] += (*other.octaves_[o])[i];
  }
  zero_count_ += other.zero_count_;
  count_ += other.count_;
  sum_.merge(other.sum_);
}

void LatencyHistogram::clear() {
  for (auto& octave : octaves_) octave.reset();
  zero_count_ = count_ = 0;
  sum_.clear();
}

namespace {

template <typename T>
void put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

template <typename T>
T take(const char*& in) {
  T value;
  std::memcpy(&value, in, sizeof value);
  in += sizeof value;
  return value;
}

}  // namespace

void LatencyHistogram::serialize(std::string& out) const {
  put(out, count_);
  if (count_ == 0) return;
  put(out, zero_count_);
  put(out, sum_.low());
  put(out, sum_.high());
  uint32_t filled = 0;
  for (size_t i = 0; i < kBuckets; ++i) filled += bucket_count(i) != 0;
  put(out, filled);
  for (size_t o = 0; o < octaves_.size(); ++o) {
    if (!octaves_[o]) continue;
    for (size_t i = 0; i < kPerOctave; ++i) {
      if ((*octaves_[o])[i] == 0) continue;
      put(out, static_cast<uint32_t>(o * kPerOctave + i));
      put(out, (*octaves_[o])[i]);
    }
  }
}

const char* LatencyHistogram::deserialize(const char* in) {
  clear();
  count_ = take<uint64_t>(in);
  if (count_ == 0) return in;
  zero_count_ = take<uint64_t>(in);
  const auto low = take<uint64_t>(in);
  sum_ = ExactSum::from_halves(low, take<uint64_t>(in));
  const auto filled = take<uint32_t>(in);
  for (uint32_t k = 0; k < filled; ++k) {
    const auto bucket = take<uint32_t>(in);
    auto& octave = octaves_[bucket / kPerOctave];
    if (!octave) octave = std::make_unique<Octave>();
    (*octave)[bucket % kPerOctave] = take<uint64_t>(in);
  }
  return in;
}

double LatencyHistogram::quantile(double q) const {
  const auto rank = static_cast<uint64_t>(std::max(1.0, std::ceil(q * static_cast<double>(count_))));
  if (rank <= zero_count_) return 0.0;
  uint64_t seen = zero_count_;
  for (size_t i = 0; i < kBuckets; ++i) {
    seen += bucket_count(i);
    if (seen >= rank) return bucket_midpoint(i);
  }
  return bucket_midpoint(kBuckets - 1);
}

}  // namespace cachestorm::models
