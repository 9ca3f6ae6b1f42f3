#include "run/output_leftovers.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run/output_dir.hpp"

namespace fs = std::filesystem;

namespace cachestorm::run {
namespace {

std::string leftover_prefix(const fs::path& target) {
  std::string prefix = ".";
  return prefix.append(target.filename().string()).append(".cachestorm-");
}

// A running cachestorm process (its own leftovers are in use); any other pid is dead to us.
bool is_live_cachestorm(pid_t pid) {
  if (pid == getpid()) return true;
  std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
  std::string name;
  return comm && std::getline(comm, name) && name == "cachestorm";
}

// Parses "<tag>-<pid>" after the prefix; false if the name is not a leftover's.
bool parse_leftover(const std::string& rest, std::string& tag, pid_t& pid) {
  const auto dash = rest.find('-');
  if (dash == std::string::npos) return false;
  tag = rest.substr(0, dash);
  const char* first = rest.data() + dash + 1;
  const char* last = rest.data() + rest.size();
  const auto parsed = std::from_chars(first, last, pid);
  return (tag == kNewTag || tag == kOldTag) && parsed.ec == std::errc() && parsed.ptr == last && first != last;
}

}  // namespace

fs::path leftover_path(const fs::path& target, const char* tag, pid_t pid) {
  return target.parent_path() / (leftover_prefix(target) + tag + "-" + std::to_string(pid));
}

std::optional<std::string> read_small_file(const fs::path& path) {
  std::error_code error;
  const auto status = fs::symlink_status(path, error);
  if (!fs::is_regular_file(status) || fs::file_size(path, error) > (1u << 20)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool holds_only(const fs::path& dir, const std::set<std::string>& names) {
  std::error_code error;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    if (!it->is_regular_file(error) || it->is_symlink(error)) return false;
    if (!names.contains(it->path().filename().string())) return false;
  }
  return !error;
}

std::optional<std::set<std::string>> listed_files(const fs::path& dir) {
  const auto marker = read_small_file(dir / kMarkerName);
  if (!marker) return std::nullopt;
  const auto parsed = nlohmann::json::parse(*marker, nullptr, false);
  if (!parsed.is_object() || parsed.value("format", "") != "cachestorm-result" || !parsed.contains("version") ||
      !parsed["files"].is_array())
    return std::nullopt;
  std::set<std::string> listed{kMarkerName};
  for (const auto& name : parsed["files"]) {
    if (!name.is_string()) return std::nullopt;
    listed.insert(name.get<std::string>());
  }
  return listed;
}

bool is_result_dir(const fs::path& dir) {
  std::error_code error;
  if (!fs::is_directory(fs::symlink_status(dir, error))) return false;
  if (fs::is_empty(dir, error) && !error) return true;
  const auto listed = listed_files(dir);
  return listed && holds_only(dir, *listed);
}

void remove_if_ours(const fs::path& dir) {
  std::error_code error;
  if (is_result_dir(dir)) fs::remove_all(dir, error);
}

void clean_leftovers(const fs::path& target) {
  std::error_code error;
  const std::string prefix = leftover_prefix(target);
  std::vector<std::pair<fs::path, std::string>> found;
  for (fs::directory_iterator it(target.parent_path(), error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    std::string tag;
    pid_t pid = 0;
    if (name.rfind(prefix, 0) != 0 || !parse_leftover(name.substr(prefix.size()), tag, pid)) continue;
    if (!is_live_cachestorm(pid)) found.emplace_back(it->path(), tag);
  }
  for (const auto& [path, tag] : found) {
    if (tag == kOldTag && !fs::exists(fs::symlink_status(target, error)) && is_result_dir(path)) {
      fs::rename(path, target, error);  // a run killed between its two renames: restore the old result
      if (!error) continue;
    }
    remove_if_ours(path);
  }
}

std::optional<std::string> probe_writable(const fs::path& dir) {
  std::error_code error;
  fs::path existing = dir;
  while (!fs::exists(existing, error) && existing.has_parent_path() && existing != existing.parent_path())
    existing = existing.parent_path();
  if (!fs::is_directory(existing, error)) return existing.string().append(" is not a directory");
  const fs::path probe = existing / (".cachestorm-probe-" + std::to_string(getpid()));
  if (::mkdir(probe.c_str(), 0700) != 0)
    return std::string("cannot create anything in ").append(existing.string()).append(" (").append(std::strerror(errno)).append(")");
  ::rmdir(probe.c_str());
  return std::nullopt;
}

}  // namespace cachestorm::run
