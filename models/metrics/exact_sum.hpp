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
#include <bit>
#include <cstdint>

namespace cachestorm::models {

class ExactSum {
 public:
  __extension__ using Units = __int128;  // GCC and Clang's 128-bit integers
  __extension__ using Bits = unsigned __int128;

  void add(double x) {
    if (x >= 0x1p-28 && x < 0x1p46) [[likely]] {  // a whole number of units: a shift of the mantissa
      const auto bits = std::bit_cast<uint64_t>(x);
      const uint64_t mantissa = (bits & ((uint64_t{1} << 52) - 1)) | (uint64_t{1} << 52);
      units_ += static_cast<Units>(static_cast<Bits>(mantissa) << ((bits >> 52) - 995));
      return;
    }
    units_ += to_units(x);
  }
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
  // x × 2^80 truncated toward zero, from the bits of x (a cast to 128 bits is a library call).
  static Units to_units(double x) {
    constexpr double kLimit = 0x1p46;
    if (!(x > -kLimit)) x = x != x ? 0.0 : -kLimit;  // NaN reads as 0, huge values are clamped
    if (!(x < kLimit)) x = kLimit;
    const auto bits = std::bit_cast<uint64_t>(x);
    const auto exponent = static_cast<int>((bits >> 52) & 0x7ff);  // 0: zero or subnormal, far below a unit
    const uint64_t mantissa = (bits & ((uint64_t{1} << 52) - 1)) | (uint64_t{1} << 52);
    // |x| = mantissa × 2^(exponent − 1075), so in units of 2^-80 it is mantissa × 2^(exponent − 995).
    const int shift = exponent - 995;
    Bits magnitude = 0;
    if (shift >= 0) magnitude = static_cast<Bits>(mantissa) << shift;  // shift <= 74 below the limit
    else if (shift > -53 && exponent != 0) magnitude = mantissa >> -shift;
    return (bits >> 63) != 0 ? -static_cast<Units>(magnitude) : static_cast<Units>(magnitude);
  }
  Units units_ = 0;
};

}  // namespace cachestorm::models
