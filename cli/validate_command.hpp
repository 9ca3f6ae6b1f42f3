// `cachestorm validate FILE...`: checks scenarios exactly as `run` would (reading, --set
// overrides, every rule of the parser, the memory budget) without simulating or writing
// anything. Prints one line per file, or the resolved scenario with --print.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cachestorm::cli {

struct ValidateOptions {
  std::vector<std::string> files;
  std::vector<std::string> overrides;       // applied to every file
  std::optional<uint64_t> memory_limit_mb;
  bool print_resolved = false;              // print each resolved scenario as JSON on stdout
};

// 0 if every file is valid; else the exit code of the first that is not (65 or 66).
int validate_command(const ValidateOptions& options);

}  // namespace cachestorm::cli
