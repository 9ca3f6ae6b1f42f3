#include "run/output_dir.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run/output_leftovers.hpp"
#include "run/output_lock.hpp"

namespace fs = std::filesystem;

namespace cachestorm::run {
namespace {

// Drops trailing separators and "." so "x/", "x/." and "x" name the same directory.
fs::path without_trailing_separator(fs::path path) {
  path = path.lexically_normal();
  while (path.filename().empty() && path.has_parent_path() && path != path.parent_path()) path = path.parent_path();
  return path;
}

// `inner` is `outer` or lies inside it (both absolute and normalised).
bool is_within(const fs::path& inner, const fs::path& outer) {
  auto o = outer.begin();
  for (auto i = inner.begin(); o != outer.end(); ++i, ++o) {
    if (o->empty()) continue;  // a trailing "" component
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

fs::path canonical_or_empty(const char* path) {
  std::error_code error;
  if (path == nullptr || *path == '\0') return {};
  fs::path resolved = fs::canonical(path, error);
  return error ? fs::path() : resolved;
}

void write_file(const fs::path& path, const FileContent& content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw OutputError(path.string() + ": cannot create (" + std::strerror(errno) + ")");
  write_and_close(fd, path, content);
}

std::string marker_text(const std::map<std::string, FileContent>& files) {
  nlohmann::json names = nlohmann::json::array();
  for (const auto& entry : files) names.push_back(entry.first);
  return nlohmann::json{{"format", "cachestorm-result"}, {"version", kResultFormatVersion}, {"files", names}}.dump(2) +
         "\n";
}

// Swaps two existing directories atomically: 0 if done, else errno (EINVAL, ENOSYS or ENOTSUP
// where the filesystem cannot exchange).
int exchange(const fs::path& a, const fs::path& b) {
  return ::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0 ? 0 : errno;
}

bool cannot_exchange(int error) { return error == EINVAL || error == ENOSYS || error == ENOTSUP; }

// A user's path the shell left unexpanded: "~", "~/x", "~user/x".
bool starts_with_tilde(const std::string& path) { return !path.empty() && path[0] == '~'; }

// Undoes mountinfo's octal escapes ("\040" for a space).
std::string unescape_mount_path(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size()) {
      out.push_back(static_cast<char>((text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 + (text[i + 3] - '0')));
      i += 3;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

}  // namespace

bool is_mount_point(const fs::path& dir) {
  struct stat here {}, above {};
  if (::stat(dir.c_str(), &here) != 0 || !S_ISDIR(here.st_mode)) return false;
  if (::stat((dir / "..").c_str(), &above) == 0 && above.st_dev != here.st_dev) return true;
  std::ifstream mountinfo("/proc/self/mountinfo");  // a bind mount keeps the device number
  std::string line;
  while (std::getline(mountinfo, line)) {
    std::istringstream fields(line);
    std::string id, parent, device, root, mount_point;
    if (fields >> id >> parent >> device >> root >> mount_point && fs::path(unescape_mount_path(mount_point)) == dir)
      return true;
  }
  return false;
}

void ResultDir::fail(const std::string& problem) const { throw OutputError(user_path_ + ": " + problem); }

void ResultDir::check_location() const {
  std::error_code error;
  if (fs::is_symlink(fs::symlink_status(target_, error)))
    fail("is a symbolic link to nothing; refusing to write through it");
  if (target_ == target_.root_path()) fail("is the root directory; refusing to replace it");
  const fs::path home = canonical_or_empty(std::getenv("HOME"));
  if (!home.empty() && target_ == home) fail("is the home directory; refusing to replace it");
  if (is_within(fs::current_path(), target_))
    fail("is the working directory or one of its parents; refusing to replace it");
  if (is_mount_point(target_))
    fail("is a mount point; a result is replaced whole, which a mount point cannot be: use a directory inside it");
}

ResultDir ResultDir::prepare(const std::string& user_path) {
  if (user_path.empty()) throw OutputError("output directory: an empty path names no directory");
  const fs::path absolute = without_trailing_separator(fs::absolute(user_path));
  std::error_code error;
  const fs::path target = fs::weakly_canonical(absolute, error);
  ResultDir dir(user_path, error ? absolute : target);
  if (starts_with_tilde(user_path))
    dir.fail("starts with '~', which the shell did not expand (it was quoted); write the home directory's path, "
             "or ./" + user_path + " for a directory really named so");
  dir.check_location();
  if (const auto problem = probe_writable(dir.target_.parent_path())) dir.fail(*problem);
  dir.lock_ = OutputLock::claim(dir.target_, user_path);
  remove_stale_locks(dir.lock_->path().parent_path());
  clean_leftovers(dir.target_);
  dir.check_replaceable();
  return dir;
}

void ResultDir::check_replaceable() const {
  std::error_code error;
  const auto status = fs::status(target_, error);
  if (!fs::exists(status)) return;
  if (!fs::is_directory(status)) fail("exists and is not a directory");
  if (is_result_dir(target_)) return;
  fail("exists and is not a cachestorm result (a result holds " + std::string(kMarkerName) +
       " and only the files it lists); refusing to replace it");
}

std::filesystem::path ResultDir::scratch_dir() const { return lock_->path().parent_path(); }

void ResultDir::publish(const std::map<std::string, FileContent>& files,
                        const std::function<void(PublishStep)>& after_step) const {
  std::error_code error;
  const fs::path parent = target_.parent_path();
  fs::create_directories(parent, error);
  if (error) fail("cannot create " + parent.string() + " (" + error.message() + ")");
  const fs::path staging = leftover_path(target_, kNewTag, getpid());
  remove_if_ours(staging);
  if (!fs::create_directory(staging, error)) fail("cannot create a staging directory (" + error.message() + ")");
  try {
    // The marker first: from then on the staging directory is provably ours, whatever is left of it.
    write_file(staging / kMarkerName, marker_text(files));
    for (const auto& [name, content] : files) write_file(staging / name, content);
    if (after_step) after_step(PublishStep::kStaged);
    check_replaceable();
    if (after_step) after_step(PublishStep::kChecked);
  } catch (...) {
    remove_if_ours(staging);
    throw;
  }
  if (!fs::exists(fs::symlink_status(target_, error))) {
    fs::rename(staging, target_, error);
    if (error) {
      remove_if_ours(staging);
      fail("cannot move results into place (" + error.message() + ")");
    }
    if (after_step) after_step(PublishStep::kNewInPlace);
    return;
  }
  const int exchanged = exchange(staging, target_);
  if (exchanged == 0) {  // staging now holds the old result
    if (after_step) after_step(PublishStep::kNewInPlace);
    return_foreign_files(staging);
    remove_if_ours(staging);
    return;
  }
  if (!cannot_exchange(exchanged)) {
    remove_if_ours(staging);
    fail(std::string("cannot move results into place (") + std::strerror(exchanged) + ")");
  }
  const fs::path old = leftover_path(target_, kOldTag, getpid());
  fs::rename(target_, old, error);
  if (error) {
    remove_if_ours(staging);
    fail("cannot move the previous result aside (" + error.message() + ")");
  }
  if (after_step) after_step(PublishStep::kOldMovedAside);
  fs::rename(staging, target_, error);
  if (error) {
    fs::rename(old, target_);
    remove_if_ours(staging);
    fail("cannot move results into place (" + error.message() + ")");
  }
  if (after_step) after_step(PublishStep::kNewInPlace);
  return_foreign_files(old);
  remove_if_ours(old);
}

void ResultDir::return_foreign_files(const fs::path& swapped_out) const {
  if (is_result_dir(swapped_out)) return;
  const auto listed = listed_files(swapped_out);
  if (!listed) return;  // not a result at all: leave it whole
  std::error_code error;
  std::vector<std::string> kept, stuck;
  for (fs::directory_iterator it(swapped_out, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (listed->contains(name)) continue;
    std::error_code moved;
    if (!fs::exists(fs::symlink_status(target_ / name, moved))) fs::rename(it->path(), target_ / name, moved);
    (moved || fs::exists(fs::symlink_status(it->path(), moved)) ? stuck : kept).push_back(name);
  }
  for (const auto& name : kept)
    std::fprintf(stderr, "cachestorm: note: %s/%s was added while the result was being replaced; it is kept there, "
                         "and later runs will not replace %s until it is moved away\n",
                 user_path_.c_str(), name.c_str(), user_path_.c_str());
  for (const auto& name : stuck)
    std::fprintf(stderr, "cachestorm: note: %s was added to %s while the result was being replaced and could not be "
                         "put back; it is in %s\n",
                 name.c_str(), user_path_.c_str(), swapped_out.c_str());
}

}  // namespace cachestorm::run
