#include "cli/merge_command.hpp"

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "analysis/sweep_report.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output_dir.hpp"
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

}  // namespace

int merge_command(const MergeOptions& options) {
  std::vector<Shard> shards;
  try {
    for (const auto& dir : options.shard_dirs) shards.push_back(read_shard(dir));
  } catch (const std::runtime_error& error) {
    std::fprintf(stderr, "cachestorm: merge: %s\n", error.what());
    return kExitNoInput;
  }
  const nlohmann::json& first = shards.front().sweep;
  const std::string hash = first.at("sweep_sha256");
  std::map<size_t, analysis::SweepPointResult> results;
  nlohmann::json points = nlohmann::json::object();
  const auto of = shards.front().shard.at("of").get<uint32_t>();
  for (const auto& s : shards) {
    if (s.sweep.at("sweep_sha256") != hash) {
      std::fprintf(stderr, "cachestorm: merge: %s belongs to another sweep (sweep_sha256 %s, not %s as %s)\n",
                   s.dir.c_str(), s.sweep.at("sweep_sha256").get<std::string>().c_str(), hash.c_str(),
                   shards.front().dir.c_str());
      return kExitBadScenario;
    }
    for (auto& result : analysis::sweep_results_of(s.sweep)) {
      if (results.count(result.point)) {
        std::fprintf(stderr, "cachestorm: merge: point %zu is in two shards (%s is one)\n", result.point, s.dir.c_str());
        return kExitBadScenario;
      }
      points[std::to_string(result.point)] = s.points.at(std::to_string(result.point));
      results.emplace(result.point, std::move(result));
    }
  }
  const auto total = first.at("points_total").get<size_t>();
  std::string missing;
  for (size_t p = 0; p < total; ++p)
    if (!results.count(p)) missing += (missing.empty() ? "" : ", ") + std::to_string(p) + " (shard " +
                                      std::to_string(p % of) + "/" + std::to_string(of) + ")";
  if (!missing.empty()) {
    std::fprintf(stderr, "cachestorm: merge: points missing: %s; merge their shards too\n", missing.c_str());
    return kExitBadScenario;
  }
  std::vector<analysis::SweepPointResult> ordered;
  nlohmann::json indices = nlohmann::json::array(), sources = nlohmann::json::array();
  for (auto& [p, result] : results) {
    indices.push_back(p);
    ordered.push_back(std::move(result));
  }
  for (const auto& s : shards) sources.push_back({{"dir", s.dir}, {"shard", s.shard.at("shard")}, {"of", s.shard.at("of")}});
  nlohmann::json identity = first;
  identity.erase("points");
  std::vector<std::string> axes = first.at("axes").get<std::vector<std::string>>();
  const nlohmann::json shard_json = {{"sweep_sha256", hash}, {"shard", 0}, {"of", 1}, {"points", indices},
                                     {"points_total", total}, {"complete", true}};
  const nlohmann::json manifest = {{"cachestorm_version", sim::cachestorm_version()},
                                   {"git_commit", sim::cachestorm_git_commit()},
                                   {"simgrid_version", sim::simgrid_version()},
                                   {"command_line", options.command_line},
                                   {"sweep_sha256", hash},
                                   {"merged_from", sources}};
  const std::string out_dir = options.out_dir.value_or("results/sweep-" + first.at("scenario").get<std::string>() +
                                                       "/seed-" + std::to_string(first.at("seed").get<int64_t>()));
  try {
    ResultDir::prepare(out_dir).publish({{"sweep.csv", analysis::sweep_csv(axes, ordered)},
                                         {"sweep.json", analysis::sweep_json(identity, axes, ordered)},
                                         {"points.json", points.dump(2) + "\n"},
                                         {"shard.json", shard_json.dump(2) + "\n"},
                                         {"manifest.json", manifest.dump(2) + "\n"}});
  } catch (const OutputError& error) {
    std::fprintf(stderr, "cachestorm: %s\n", error.what());
    return kExitCannotWrite;
  }
  if (!options.quiet)
    std::printf("cachestorm: merged %zu shards of sweep %s (%zu points) into %s\n", shards.size(),
                hash.substr(0, 12).c_str(), total, out_dir.c_str());
  return kExitOk;
}

}  // namespace cachestorm::cli
