#include "run/memory_budget.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

namespace fs = std::filesystem;

namespace cachestorm::run {
namespace {

constexpr uint64_t kNoLimit = uint64_t{1} << 60;  // cgroup v1 writes ~2^63 for "no limit"

std::optional<uint64_t> read_number(const fs::path& path) {
  std::ifstream in(path);
  std::string text;
  if (!(in >> text) || text == "max") return std::nullopt;
  try {
    return std::stoull(text);
  } catch (...) {
    return std::nullopt;
  }
}

// A "name value" line's value from a file such as memory.stat or /proc/meminfo (0 if absent).
uint64_t field_of(const fs::path& path, const std::string& name) {
  std::ifstream in(path);
  std::string key;
  uint64_t value = 0;
  while (in >> key >> value) {
    if (key == name) return value;
    in.ignore(1 << 20, '\n');
  }
  return 0;
}

// The group's directories to look in: the process's own group below the mount, then the mount
// itself (inside a container the mount is often the group).
std::vector<fs::path> group_dirs(const fs::path& mount, const std::string& group) {
  std::vector<fs::path> dirs;
  if (!group.empty() && group != "/") dirs.push_back(mount / fs::path(group).relative_path());
  dirs.push_back(mount);
  return dirs;
}

std::optional<uint64_t> room_in(const fs::path& dir, bool v2) {
  const auto limit = read_number(dir / (v2 ? "memory.max" : "memory.limit_in_bytes"));
  if (!limit || *limit >= kNoLimit) return std::nullopt;
  const uint64_t usage = read_number(dir / (v2 ? "memory.current" : "memory.usage_in_bytes")).value_or(0);
  const uint64_t reclaimable = field_of(dir / "memory.stat", v2 ? "inactive_file" : "total_inactive_file");
  const uint64_t used = usage > reclaimable ? usage - reclaimable : 0;
  return *limit > used ? *limit - used : 0;
}

uint64_t mapped_bytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t pages = 0;
  statm >> pages;
  return pages * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

}  // namespace

std::optional<uint64_t> cgroup_room(const std::string& proc_self_cgroup, const fs::path& cgroup_root) {
  std::istringstream lines(proc_self_cgroup);
  std::string line;
  std::optional<uint64_t> room;
  const auto take = [&room](std::optional<uint64_t> r) {
    if (r && (!room || *r < *room)) room = r;
  };
  while (std::getline(lines, line)) {  // "0::/path" (v2) or "4:memory:/path" (v1)
    const auto first = line.find(':'), second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = line.substr(first + 1, second - first - 1);
    const std::string group = line.substr(second + 1);
    if (controllers.empty()) {
      for (const auto& dir : group_dirs(cgroup_root, group)) take(room_in(dir, true));
    } else if (controllers == "memory" || controllers.find("memory,") == 0 ||
               controllers.find(",memory") != std::string::npos) {
      for (const auto& dir : group_dirs(cgroup_root / "memory", group)) take(room_in(dir, false));
    }
  }
  return room;
}

MemoryRoom memory_room() {
  MemoryRoom room{field_of("/proc/meminfo", "MemAvailable:") * 1024, "available memory"};
  rlimit limit{};
  if (::getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    // Half the address space left: while a container grows, its old and new storage are both
    // mapped (up to three times its data), which resident memory never shows at once.
    const uint64_t mapped = mapped_bytes();
    const uint64_t left = limit.rlim_cur > mapped ? (limit.rlim_cur - mapped) / 2 : 0;
    if (room.bytes == 0 || left < room.bytes) room = {left, "half the address space left under ulimit -v"};
  }
  std::ifstream self("/proc/self/cgroup");
  std::stringstream text;
  text << self.rdbuf();
  if (const auto group = cgroup_room(text.str(), "/sys/fs/cgroup"); group && (room.bytes == 0 || *group < room.bytes))
    room = {*group, "the control group's memory limit"};
  return room;
}

}  // namespace cachestorm::run
