#include "sim/rng.hpp"

#include <cmath>
#include <numbers>

#include "sim/ziggurat.hpp"

namespace cachestorm::sim {

uint64_t mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t fnv1a64(std::string_view text) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

Rng::Rng(uint64_t state_seed) {
  uint64_t x = state_seed;
  for (auto& word : s_) {
    x += 0x9e3779b97f4a7c15ULL;  // SplitMix64 sequence: state advances by the golden gamma
    uint64_t z = x;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    word = z ^ (z >> 31);
  }
}

double Rng::standard_exponential() { return ziggurat_exponential(*this); }

double Rng::standard_normal() {
  const double u1 = uniform_open0();
  const double u2 = uniform01();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

Rng RngStreams::stream(std::string_view name) const {
  const uint64_t key = mix64(mix64(seed_) ^ mix64(replication_ + 0x632be59bd9b4e019ULL) ^ fnv1a64(name));
  return Rng(key);
}

}  // namespace cachestorm::sim
