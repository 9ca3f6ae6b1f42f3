// Named random streams and the distributions cachestorm draws from.
//
// A stream is identified by (seed, replication, name); its sequence depends on nothing else, so
// adding a model or a stream never shifts another stream's numbers, and two strategies run on the
// same seed see the same arrivals and keys (common random numbers).
// The generator is xoshiro256** (Blackman & Vigna, 2018) seeded through SplitMix64; every
// distribution is our own code, because std::*_distribution output differs between libraries.
// Not thread-safe: one Rng per user.
#pragma once
#include <cstdint>
#include <string_view>

namespace cachestorm::sim {

class Rng {
 public:
  // REQUIRES: any 64-bit state seed; the four words are expanded with SplitMix64.
  explicit Rng(uint64_t state_seed);
  // A generator with exactly this raw state (for known-answer tests). REQUIRES: not all zero.
  static Rng from_state(uint64_t s0, uint64_t s1, uint64_t s2, uint64_t s3) {
    Rng rng(0);
    rng.s_[0] = s0;
    rng.s_[1] = s1;
    rng.s_[2] = s2;
    rng.s_[3] = s3;
    return rng;
  }

  uint64_t next_u64() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform on [0, 1) with 53 random bits.
  double uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  // Uniform on (0, 1]: never 0, so log() of it is finite.
  double uniform_open0() { return static_cast<double>((next_u64() >> 11) + 1) * 0x1.0p-53; }
  // Uniform integer in [0, n) by multiply-shift on 32 random bits. REQUIRES: 0 < n < 2^32.
  uint32_t below(uint32_t n) { return static_cast<uint32_t>(((next_u64() >> 32) * n) >> 32); }
  // Exponential with the given rate (mean 1/rate), by the ziggurat method (sim/ziggurat.hpp):
  // one 64-bit draw and no logarithm for about 99 % of values. REQUIRES: rate > 0.
  double exponential(double rate) { return standard_exponential() / rate; }
  // Exponential with mean 1.
  double standard_exponential();
  // Standard normal by the Box-Muller transform (one value per call; the pair's twin is dropped).
  double standard_normal();

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// SplitMix64 finaliser (Steele, Lea & Flood, 2014): a bijective 64-bit mixer.
uint64_t mix64(uint64_t x);
// FNV-1a 64-bit hash of a name.
uint64_t fnv1a64(std::string_view text);

// Hands out independent named streams for one (seed, replication).
class RngStreams {
 public:
  RngStreams(uint64_t seed, uint64_t replication) : seed_(seed), replication_(replication) {}
  // The stream for a name such as "workload/arrivals/client/0". Same arguments, same sequence.
  Rng stream(std::string_view name) const;

 private:
  uint64_t seed_;
  uint64_t replication_;
};

}  // namespace cachestorm::sim
