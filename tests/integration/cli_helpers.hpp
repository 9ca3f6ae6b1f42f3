// Running the cachestorm binary as a user would, for the CLI tests: a scratch directory per test
// process, the exit code and stderr of one command, and small file helpers.
#pragma once
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace cachestorm::testing {

struct CliOutcome {
  int exit_code;  // -1 if the process died of a signal
  std::string stderr_text;
};

inline std::filesystem::path scratch_dir() {
  const auto dir = std::filesystem::temp_directory_path() / ("cachestorm-cli-test-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

// Runs `cachestorm ARGS` through the shell with at most `limit_s` seconds of wall time (a run
// past it is killed and reports -1); its standard output goes to `stdout_path`.
inline CliOutcome run_cli(const std::string& args, int limit_s = 120, const std::string& stdout_path = "/dev/null") {
  const auto err = scratch_dir() / "stderr.txt";
  const std::string command = "timeout -s KILL " + std::to_string(limit_s) + " " + CACHESTORM_BINARY + " " + args +
                              " >" + stdout_path + " 2>" + err.string();
  const int status = std::system(command.c_str());
  std::stringstream text;
  text << std::ifstream(err).rdbuf();
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return {code == 137 ? -1 : code, text.str()};
}

inline std::string read_file(const std::filesystem::path& path) {
  std::stringstream text;
  text << std::ifstream(path, std::ios::binary).rdbuf();
  return text.str();
}

inline std::filesystem::path write_scenario(const std::string& name, const std::string& json) {
  const auto path = scratch_dir() / name;
  std::ofstream(path, std::ios::binary) << json;
  return path;
}

// A scenario that would take hours to simulate: a test that finishes proves nothing was simulated.
inline const char* kEndless = R"({"name": "endless", "duration_s": 1e8,
  "workload": {"arrivals": {"type": "poisson", "rate_per_s": 20000}, "key_classes": [{"keys": {"type": "zipf", "count": 1000}}]}})";

}  // namespace cachestorm::testing
