#include "cli/output_dir.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>

#include "cli/output_leftovers.hpp"

namespace fs = std::filesystem;

namespace cachestorm::cli {
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

void write_file(const fs::path& path, const std::string& content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw OutputError(path.string() + ": cannot create (" + std::strerror(errno) + ")");
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      throw OutputError(path.string() + ": cannot write (" + why + ")");
    }
    done += static_cast<size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  if (::close(fd) != 0 || !synced) throw OutputError(path.string() + ": cannot write (" + std::strerror(errno) + ")");
}

std::string marker_text(const std::map<std::string, std::string>& files) {
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

}  // namespace

void ResultDir::fail(const std::string& problem) const { throw OutputError(user_path_ + ": " + problem); }

ResultDir ResultDir::prepare(const std::string& user_path) {
  if (user_path.empty()) throw OutputError("output directory: an empty path names no directory");
  const fs::path absolute = without_trailing_separator(fs::absolute(user_path));
  std::error_code error;
  const fs::path target = fs::weakly_canonical(absolute, error);
  ResultDir dir(user_path, error ? absolute : target);
  if (fs::is_symlink(fs::symlink_status(dir.target_, error)))
    dir.fail("is a symbolic link to nothing; refusing to write through it");
  if (dir.target_ == dir.target_.root_path()) dir.fail("is the root directory; refusing to replace it");
  const fs::path home = canonical_or_empty(std::getenv("HOME"));
  if (!home.empty() && dir.target_ == home) dir.fail("is the home directory; refusing to replace it");
  if (is_within(fs::current_path(), dir.target_))
    dir.fail("is the working directory or one of its parents; refusing to replace it");
  clean_leftovers(dir.target_);
  dir.check_replaceable();
  if (const auto problem = probe_writable(dir.target_.parent_path())) dir.fail(*problem);
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

void ResultDir::publish(const std::map<std::string, std::string>& files,
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
  remove_if_ours(old);
}

}  // namespace cachestorm::cli
