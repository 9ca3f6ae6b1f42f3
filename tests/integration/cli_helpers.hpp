// Running the cachestorm binary as a user would, for the CLI tests: a scratch directory per test
// process, the exit code and stderr of one command, and small file helpers.
#pragma once
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

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

// `text` without AddressSanitizer's notes on SimGrid's thread contexts ("==PID==WARNING: ASan is
// ignoring requested __asan_handle_no_return ... issues/189"), which a sanitized build's child
// processes print to stderr: the tests read the command's own output.
inline std::string without_sanitizer_notes(std::string text) {
  const std::string warning = "WARNING: ASan is ignoring requested __asan_handle_no_return";
  const std::string last = "sanitizers/issues/189";
  for (size_t at = text.find(warning); at != std::string::npos; at = text.find(warning)) {
    size_t begin = at >= 3 ? text.rfind("==", at - 3) : std::string::npos;  // the first "==" of "==PID==WARNING"
    if (begin == std::string::npos || at - begin > 16) begin = at;
    size_t end = text.find(last, at);
    end = end == std::string::npos ? text.size() : end + last.size();
    if (end < text.size() && text[end] == '\r') ++end;  // a terminal's line end is "\r\n"
    if (end < text.size() && text[end] == '\n') ++end;
    text.erase(begin, end - begin);
  }
  return text;
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
  return {code == 137 ? -1 : code, without_sanitizer_notes(text.str())};
}

inline std::string read_file(const std::filesystem::path& path) {
  std::stringstream text;
  text << std::ifstream(path, std::ios::binary).rdbuf();
  return text.str();
}

// [window] -> value of one series (metric and label, e.g. "shard=0") of a timeseries.csv.
inline std::map<int, double> read_series(const std::filesystem::path& csv, const std::string& metric,
                                         const std::string& label) {
  std::map<int, double> out;
  std::istringstream in(read_file(csv));
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream fields(line);
    for (std::string cell; std::getline(fields, cell, ',');) cells.push_back(cell);
    if (cells.size() >= 4 && cells[1] == metric && cells[2] == label) out[std::stoi(cells[0])] = std::stod(cells[3]);
  }
  return out;
}

inline std::filesystem::path write_scenario(const std::string& name, const std::string& json) {
  const auto path = scratch_dir() / name;
  std::ofstream(path, std::ios::binary) << json;
  return path;
}

// A scenario that would take hours to simulate (2 * 10^10 requests), yet fits the memory budget
// (its 10 000 one-second windows): a test that finishes proves nothing was simulated.
inline const char* kEndless = R"({"name": "endless", "duration_s": 10000,
  "workload": {"arrivals": {"type": "poisson", "rate_per_s": 2000000}, "key_classes": [{"keys": {"type": "zipf", "count": 1000}}]}})";

// 10^9 requests/s with the cache off against 64 connections: the origin queue grows without end.
inline const char* kFlood = R"({"name": "flood", "duration_s": 1000,
  "workload": {"arrivals": {"type": "poisson", "rate_per_s": 1e9}, "key_classes": [{"keys": {"type": "uniform", "count": 1000}}]},
  "cache": {"enabled": false}})";

}  // namespace cachestorm::testing
