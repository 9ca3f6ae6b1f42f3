// How much memory this process may still use, from every limit that applies to it: the memory the
// machine has available (MemAvailable), the address-space limit (ulimit -v, RLIMIT_AS: half of
// what the process has not mapped yet, as growing containers map their old and new storage at once) and its control group's memory limit (cgroup v2 memory.max or
// v1 memory.limit_in_bytes, less what the group uses apart from reclaimable file pages). The
// smallest wins. Not a reservation: other processes may take memory meanwhile.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace cachestorm::run {

struct MemoryRoom {
  uint64_t bytes = 0;        // 0 if nothing could be read
  std::string limited_by;    // "available memory", "half the address space left under ulimit -v", ...
};

// The room this process has now (see above).
MemoryRoom memory_room();

// The room a control group leaves, read from a tree laid out like /sys/fs/cgroup and the text of
// /proc/self/cgroup; nothing if the group has no limit. Exposed for tests, which give a fake tree.
std::optional<uint64_t> cgroup_room(const std::string& proc_self_cgroup, const std::filesystem::path& cgroup_root);

}  // namespace cachestorm::run
