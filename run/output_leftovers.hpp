// Helpers of run/output_dir: naming, recognising and removing the staging and set-aside
// directories of a run (".<name>.cachestorm-new-<pid>", ".<name>.cachestorm-old-<pid>"), and
// proving that a location can be written. Nothing here removes a directory unless it is empty or
// holds a run's marker and nothing but the files it lists, so a user's files are never removed.
#pragma once
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <set>
#include <string>

namespace cachestorm::run {

inline constexpr const char* kNewTag = "new";  // staging: the result being written
inline constexpr const char* kOldTag = "old";  // the previous result, set aside during the swap

// The sibling of `target` used by process `pid` for the given tag.
std::filesystem::path leftover_path(const std::filesystem::path& target, const char* tag, pid_t pid);
// Contents of a regular file of at most 1 MiB (a symbolic link is not followed); empty otherwise.
std::optional<std::string> read_small_file(const std::filesystem::path& path);
// The names a result directory's marker lists, the marker included; nothing if it has no valid
// marker.
std::optional<std::set<std::string>> listed_files(const std::filesystem::path& dir);
// True if every entry of `dir` is a regular file (not a link) whose name is in `names`.
bool holds_only(const std::filesystem::path& dir, const std::set<std::string>& names);
// Removes `dir` if is_result_dir(dir) (output_dir.hpp); otherwise leaves it whole.
void remove_if_ours(const std::filesystem::path& dir);
// Removes leftovers of dead runs to `target`; if a killed run left the path empty with the old
// result set aside, puts that result back first.
void clean_leftovers(const std::filesystem::path& target);
// Empty if files can be created where `dir` is or would be created; else what stops it.
std::optional<std::string> probe_writable(const std::filesystem::path& dir);

}  // namespace cachestorm::run
