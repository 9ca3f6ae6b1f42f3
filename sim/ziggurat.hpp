// The ziggurat method for the standard exponential distribution (Marsaglia & Tsang, "The
// Ziggurat Method for Generating Random Variables", J. Stat. Softw. 5(8), 2000), 256 layers.
//
// The area under e^-x is covered by 256 stacked pieces of equal area V: a base (the rectangle
// [0, r] x [0, e^-r] plus the tail beyond r) and 255 rectangles whose right edges x_1 = r >
// x_2 > ... > x_255 > x_256 = 0 satisfy e^-x_{i+1} = e^-x_i + V / x_i. A draw picks a piece with
// 8 random bits and a point in it with 53 more; the point lies under the curve without any test
// ~98.9 % of the time. Otherwise: the base's overhang is the tail, r plus an exponential by
// inversion (the distribution is memoryless); a rectangle's sliver is a wedge test against
// e^-x, retrying the whole draw on rejection. Exact up to the 2^-53 grid of the uniforms.
// r and V are the published 256-layer constants; the edges are computed once, at first use.
#pragma once
#include <array>
#include <cmath>

#include "sim/rng.hpp"

namespace cachestorm::sim {

struct ExponentialZiggurat {
  static constexpr double kR = 7.69711747013104972;   // right edge of the base rectangle
  static constexpr double kV = 3.949659822581572e-3;  // area of every piece
  std::array<double, 257> edge{};     // edge[0] = V / e^-r (the base as a rectangle), edge[i] = x_i
  std::array<double, 257> density{};  // e^-edge[i]

  ExponentialZiggurat() {
    edge[0] = kV / std::exp(-kR);
    edge[1] = kR;
    for (int i = 1; i < 255; ++i) edge[i + 1] = -std::log(std::exp(-edge[i]) + kV / edge[i]);
    edge[256] = 0.0;
    for (int i = 0; i <= 256; ++i) density[i] = std::exp(-edge[i]);
  }
};

inline double ziggurat_exponential(Rng& rng) {
  static const ExponentialZiggurat table;
  for (;;) {
    const uint64_t bits = rng.next_u64();
    const unsigned layer = static_cast<unsigned>(bits & 0xff);
    const double x = static_cast<double>(bits >> 11) * 0x1.0p-53 * table.edge[layer];
    if (x < table.edge[layer + 1]) return x;  // inside the piece's inner rectangle
    if (layer == 0) return ExponentialZiggurat::kR - std::log(rng.uniform_open0());  // the tail beyond r
    const double y = table.density[layer] + rng.uniform01() * (table.density[layer + 1] - table.density[layer]);
    if (y < std::exp(-x)) return x;  // in the wedge between the curve and the box
  }
}

}  // namespace cachestorm::sim
