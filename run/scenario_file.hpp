// Reading a scenario file from disk, bounded and never blocking: only a regular file (a
// directory, FIFO, device or socket is refused without opening it for reading), at most
// kMaxScenarioBytes. Parsing is sim::parse_json_text's job.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>

namespace cachestorm::run {

inline constexpr size_t kMaxScenarioBytes = 4u << 20;  // 4 MiB: a scenario is a page of keys, not data

// The file cannot be read at all (exit 66).
class UnreadableScenario : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// The file is readable but cannot be a scenario (exit 65).
class OversizedScenario : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The whole text of `path`. Throws UnreadableScenario or OversizedScenario; messages start with path.
std::string read_scenario_file(const std::string& path);

}  // namespace cachestorm::run
