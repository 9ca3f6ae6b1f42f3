// The points of a sweep: axes over scenario paths, crossed as a grid or sampled as a Latin
// hypercube. Pure: a design is a list of points, each a value per axis, which the caller applies
// to the scenario as --set assignments (so each is validated like the file).
//
// An axis is "PATH=SPEC":
//   PATH=v1,v2,...       a list of values (JSON each, else a string): 24,32,40 or '"lru","lfu"'
//   PATH=lin:LOW:HIGH:N  N values evenly spaced from LOW to HIGH
//   PATH=log:LOW:HIGH:N  N values evenly spaced in log from LOW to HIGH (LOW > 0)
// A range whose LOW and HIGH are written as integers (24, 600) gives whole numbers (rounded);
// written as reals (0.0:1.0) it gives real ones.
// Grid: every combination, the first axis varying slowest. Latin hypercube (McKay, Beckman and
// Conover, Technometrics 21, 1979) of P points: each axis is cut into P equal strata (of its
// span, or in log for log axes; of its list's indices for lists), each stratum used once, the
// strata matched across axes by a random permutation per axis and a value drawn inside each
// stratum, from the stream "sweep/lhs/<axis index>" of the seed.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace cachestorm::run {

struct SweepAxis {
  std::string path;
  std::string kind;                    // "list", "lin" or "log"
  std::vector<nlohmann::json> values;  // list: as given; ranges: the N grid values
  double low = 0, high = 0;            // ranges
  bool whole = false;                  // ranges: LOW and HIGH written as integers: whole values
};

struct SweepPoint {
  std::vector<nlohmann::json> values;  // one per axis, in axis order
};

// Throws std::invalid_argument naming the problem and the valid forms.
SweepAxis parse_axis(const std::string& text);
std::vector<SweepPoint> grid_design(const std::vector<SweepAxis>& axes);
// REQUIRES: points >= 1.
std::vector<SweepPoint> latin_hypercube(const std::vector<SweepAxis>& axes, uint32_t points, uint64_t seed);
// The --set assignments of a point: "PATH=VALUE" per axis.
std::vector<std::string> assignments(const std::vector<SweepAxis>& axes, const SweepPoint& point);

}  // namespace cachestorm::run
