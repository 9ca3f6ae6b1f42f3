// "piecewise": a rate given point by point, linear between points (t_s, rate_per_s), constant
// before the first and after the last; two points at one time make a jump. Either inline,
// {"points": [{"t_s": 0, "rate_per_s": 1000}, {"t_s": 60, "rate_per_s": 5000}]}, or from a CSV
// file with the header t_s,rate_per_s, {"csv": "rates.csv"} (a path relative to the working
// directory). Rates are absolute: the process's own rate_per_s only sets its clock.
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "models/workload/rate_profile.hpp"
#include "sim/config_reader.hpp"
#include "sim/registry.hpp"

namespace cachestorm::models {
namespace {

class PiecewiseFromPoints final : public PiecewiseProfile {
 public:
  explicit PiecewiseFromPoints(std::vector<PiecewiseRate::Point> points) : points_(std::move(points)) {}

 private:
  std::vector<PiecewiseRate::Point> points(double) const override { return points_; }
  std::vector<PiecewiseRate::Point> points_;
};

// The problem with point `point` after `previous`, or empty.
std::string point_problem(const PiecewiseRate::Point& point, const PiecewiseRate::Point* previous) {
  if (!(point.t_s >= 0.0) || !std::isfinite(point.t_s)) return "t_s must be a finite time >= 0";
  if (!(point.rate_per_s >= 0.0) || !std::isfinite(point.rate_per_s)) return "rate_per_s must be a finite rate >= 0";
  if (previous != nullptr && point.t_s < previous->t_s) return "t_s must not be before the previous point's";
  return {};
}

constexpr std::uintmax_t kMaxCsvBytes = 16u << 20;

std::vector<PiecewiseRate::Point> read_csv(const std::string& path, const std::string& json_path) {
  // Checked before opening: a FIFO would wait for a writer, a device such as /dev/zero never ends.
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
    throw sim::ConfigError(json_path, path + ": not a regular file (a directory, device or FIFO); rates come in a CSV file");
  if (std::filesystem::exists(status) && std::filesystem::file_size(path, error) > kMaxCsvBytes)
    throw sim::ConfigError(json_path, path + ": larger than 16 MiB; a rate profile needs far fewer points");
  std::ifstream in(path);
  if (!in) throw sim::ConfigError(json_path, "cannot read the rate file " + path);
  std::string line;
  if (!std::getline(in, line) || line.rfind("t_s,rate_per_s", 0) != 0)
    throw sim::ConfigError(json_path, path + ": the first line must be the header t_s,rate_per_s");
  std::vector<PiecewiseRate::Point> points;
  for (size_t number = 2; std::getline(in, line); ++number) {
    if (line.empty() || line == "\r") continue;
    std::istringstream fields(line);
    PiecewiseRate::Point point{};
    char comma = 0;
    std::string rest;
    if (!(fields >> point.t_s >> comma >> point.rate_per_s) || comma != ',' || (fields >> rest && rest != "\r"))
      throw sim::ConfigError(json_path, path + ": line " + std::to_string(number) + ": expected two numbers, t_s,rate_per_s");
    if (const auto problem = point_problem(point, points.empty() ? nullptr : &points.back()); !problem.empty())
      throw sim::ConfigError(json_path, path + ": line " + std::to_string(number) + ": " + problem);
    points.push_back(point);
  }
  if (points.empty()) throw sim::ConfigError(json_path, path + ": no rows after the header");
  return points;
}

std::unique_ptr<RateProfile> read_piecewise(sim::ConfigReader& reader) {
  std::string csv;
  reader.text("csv", csv);
  std::vector<PiecewiseRate::Point> points;
  auto rows = reader.array("points");
  for (size_t i = 0; i < rows.size(); ++i) {
    PiecewiseRate::Point point{0.0, 0.0};
    rows[i].number("t_s", point.t_s, sim::Range::non_negative());
    rows[i].number("rate_per_s", point.rate_per_s, sim::Range::non_negative());
    rows[i].finish();
    if (!points.empty() && point.t_s < points.back().t_s)
      throw sim::ConfigError(rows[i].path_of("t_s"), "must not be before the previous point's t_s (points in time order)");
    points.push_back(point);
  }
  if (reader.describing()) return std::make_unique<PiecewiseFromPoints>(std::vector<PiecewiseRate::Point>{{0.0, 1.0}});
  if (!csv.empty() && !points.empty())
    throw sim::ConfigError(reader.path_of("csv"), "give the rates either as points or as a csv file, not both");
  if (!csv.empty()) points = read_csv(csv, reader.path_of("csv"));
  if (points.empty())
    throw sim::ConfigError(reader.path_of("points"),
                           "must hold at least one {\"t_s\", \"rate_per_s\"} point (or give \"csv\": a file of them)");
  return std::make_unique<PiecewiseFromPoints>(std::move(points));
}

CACHESTORM_REGISTER(RateProfile, "piecewise", read_piecewise);

}  // namespace
}  // namespace cachestorm::models
