// `cachestorm merge SHARD_DIR... --out DIR`: joins the shards of one sweep (each a directory a
// `sweep --shard K/N` published) into the result of the whole sweep, byte for byte what one
// unsharded sweep writes (sweep.csv, sweep.json, points.json, shard.json). Refuses (65) shards of
// different sweeps (their sweep_sha256 differ), a point given twice, and names every point
// missing with the shard that should hold it; a directory without a finished shard is 66.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace cachestorm::cli {

struct MergeOptions {
  std::vector<std::string> shard_dirs;
  std::optional<std::string> out_dir;  // required in practice: default results/sweep-<name>/seed-<seed>
  bool quiet = false;
  std::vector<std::string> command_line;
};

int merge_command(const MergeOptions& options);

}  // namespace cachestorm::cli
