#include "cli/merge_command.hpp"

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "analysis/sweep_report.hpp"
#include "run/exit_codes.hpp"
#include "run/file_content.hpp"
#include "run/output_dir.hpp"
#include "sim/build_info.hpp"

namespace cachestorm::cli {
namespace {

struct Shard {
  std::string dir;
  nlohmann::json shard, sweep, points;
};

// A shard's files, or why it is no finished shard (throws std::runtime_error).
Shard read_shard(const std::string& dir) {
  Shard s{dir, {}, {}, {}};
  const auto read = [&dir](const char* name) {
    std::ifstream file(std::filesystem::path(dir) / name);
    if (!file) throw std::runtime_error(dir + ": no " + name + "; not a finished sweep shard (run sweep --shard K/N)");
    std::stringstream text;
    text << file.rdbuf();
    try {
      return nlohmann::json::parse(text.str());
    } catch (const nlohmann::json::exception&) {
      throw std::runtime_error(dir + "/" + name + ": not valid JSON");
    }
  };
  s.shard = read("shard.json");
  if (!s.shard.value("complete", false)) throw std::runtime_error(dir + "/shard.json: the shard is not complete");
  s.sweep = read("sweep.json");
  s.points = read("points.json");
  return s;
}

// The shards' points, joined in point order. Throws std::runtime_error naming a shard of another
// sweep, a point given twice, or every point missing with the shard that should hold it.
struct Joined {
  std::vector<analysis::SweepPointResult> results;
  nlohmann::json points = nlohmann::json::object();  // point -> resolved scenario
  nlohmann::json indices = nlohmann::json::array();
};

Joined join(const std::vector<Shard>& shards) {
  const std::string hash = shards.front().sweep.at("sweep_sha256");
  std::map<size_t, analysis::SweepPointResult> by_point;
  Joined joined;
  for (const auto& s : shards) {
    if (s.sweep.at("sweep_sha256") != hash)
      throw std::runtime_error(s.dir + " belongs to another sweep (sweep_sha256 " +
                               s.sweep.at("sweep_sha256").get<std::string>() + ", not " + hash + " as " +
                               shards.front().dir + ")");
    for (auto& result : analysis::sweep_results_of(s.sweep)) {
      if (by_point.count(result.point))
        throw std::runtime_error("point " + std::to_string(result.point) + " is in two shards (" + s.dir + " is one)");
      joined.points[std::to_string(result.point)] = s.points.at(std::to_string(result.point));
      by_point.emplace(result.point, std::move(result));
    }
  }
  const auto total = shards.front().sweep.at("points_total").get<size_t>();
  const auto of = shards.front().shard.at("of").get<uint32_t>();
  std::string missing;
  for (size_t p = 0; p < total; ++p)
    if (!by_point.count(p))
      missing += (missing.empty() ? "" : ", ") + std::to_string(p) + " (shard " + std::to_string(p % of) + "/" +
                 std::to_string(of) + ")";
  if (!missing.empty()) throw std::runtime_error("points missing: " + missing + "; merge their shards too");
  for (auto& [p, result] : by_point) {
    joined.indices.push_back(p);
    joined.results.push_back(std::move(result));
  }
  return joined;
}

// The merged sweep's files: what one unsharded sweep writes, and a manifest naming the shards.
std::map<std::string, run::FileContent> merged_files(const std::vector<Shard>& shards, const Joined& joined,
                                                const std::vector<std::string>& command_line) {
  const nlohmann::json& first = shards.front().sweep;
  nlohmann::json identity = first, sources = nlohmann::json::array();
  identity.erase("points");
  for (const auto& s : shards) sources.push_back({{"dir", s.dir}, {"shard", s.shard.at("shard")}, {"of", s.shard.at("of")}});
  const auto axes = first.at("axes").get<std::vector<std::string>>();
  const nlohmann::json shard_json = {{"sweep_sha256", first.at("sweep_sha256")}, {"shard", 0}, {"of", 1},
                                     {"points", joined.indices}, {"points_total", first.at("points_total")},
                                     {"complete", true}};
  const nlohmann::json manifest = {{"cachestorm_version", sim::cachestorm_version()},
                                   {"git_commit", sim::cachestorm_git_commit()},
                                   {"simgrid_version", sim::simgrid_version()},
                                   {"command_line", command_line},
                                   {"sweep_sha256", first.at("sweep_sha256")},
                                   {"merged_from", sources}};
  return {{"sweep.csv", analysis::sweep_csv(axes, joined.results)},
          {"sweep.json", analysis::sweep_json(identity, axes, joined.results)},
          {"points.json", joined.points.dump(2) + "\n"},
          {"shard.json", shard_json.dump(2) + "\n"},
          {"manifest.json", manifest.dump(2) + "\n"}};
}

}  // namespace

int merge_command(const MergeOptions& options) {
  std::vector<Shard> shards;
  try {
    for (const auto& dir : options.shard_dirs) shards.push_back(read_shard(dir));
  } catch (const std::runtime_error& error) {
    std::fprintf(stderr, "cachestorm: merge: %s\n", error.what());
    return kExitNoInput;
  }
  Joined joined;
  std::map<std::string, run::FileContent> files;
  try {
    joined = join(shards);
    files = merged_files(shards, joined, options.command_line);
  } catch (const nlohmann::json::exception& error) {
    std::fprintf(stderr, "cachestorm: merge: a shard's files are not a sweep's (%s)\n", error.what());
    return kExitNoInput;
  } catch (const std::runtime_error& error) {
    std::fprintf(stderr, "cachestorm: merge: %s\n", error.what());
    return kExitBadScenario;
  }
  const nlohmann::json& first = shards.front().sweep;
  const std::string out_dir = options.out_dir.value_or("results/sweep-" + first.value("scenario", std::string("sweep")) +
                                                       "/seed-" + std::to_string(first.value("seed", int64_t{0})));
  try {
    run::ResultDir::prepare(out_dir).publish(files);
  } catch (const run::OutputError& error) {
    std::fprintf(stderr, "cachestorm: %s\n", error.what());
    return kExitCannotWrite;
  }
  if (!options.quiet)
    std::printf("cachestorm: merged %zu shards of sweep %s (%zu points) into %s\n", shards.size(),
                first.at("sweep_sha256").get<std::string>().substr(0, 12).c_str(), joined.results.size(), out_dir.c_str());
  return kExitOk;
}

}  // namespace cachestorm::cli
