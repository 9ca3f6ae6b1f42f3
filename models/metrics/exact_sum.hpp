// A sum of doubles whose value does not depend on the order its terms were added or merged in.
//
// Each term is held as a signed fixed-point integer in units of 2^-80 (128 bits): the conversion
// is exact for every |x| in [2^-28, 2^46) (about 4 ns to 2.2 years, when the terms are seconds;
// smaller terms are truncated toward zero, by less than 2^-80 each), and integer addition is
// associative, so any order of adding and merging gives the same integer. value() rounds that
// integer once, to the nearest double. A plain double sum rounds at every step, so it depends on
// the order: a model that learns an outcome earlier (served at a GET's send rather than at its
// arrival) would otherwise move a mean's last digits.
// Not for sums whose magnitude reaches 2^46 (the terms are clamped there) or for NaN (read as 0).
#pragma once
#include <cstdint>

namespace cachestorm::models {

class ExactSum {
 public:
  __extension__ using Units = __int128;  // GCC and Clang's 128-bit integers
  __extension__ using Bits = unsigned __int128;

  void add(double x) { units_ += to_units(x); }
  void merge(const ExactSum& other) { units_ += other.units_; }
  void clear() { units_ = 0; }
  // The sum, rounded once to the nearest double.
  double value() const { return static_cast<double>(units_) * 0x1p-80; }
  // The raw units, for serialisation (two 64-bit halves).
  uint64_t low() const { return static_cast<uint64_t>(units_); }
  uint64_t high() const { return static_cast<uint64_t>(static_cast<Bits>(units_) >> 64); }
  static ExactSum from_halves(uint64_t low, uint64_t high) {
    ExactSum s;
    s.units_ = static_cast<Units>((static_cast<Bits>(high) << 64) | low);
    return s;
  }

 private:
  static Units to_units(double x) {
    constexpr double kLimit = 0x1p46;
    if (!(x > -kLimit)) x = x != x ? 0.0 : -kLimit;  // NaN reads as 0, huge values are clamped
    if (!(x < kLimit)) x = kLimit;
    return static_cast<Units>(x * 0x1p80);  // scaling by 2^80 is exact; the cast truncates
  }
  Units units_ = 0;
};

}  // namespace cachestorm::models
