#include "run/output_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "run/output_dir.hpp"
#include "sim/sha256.hpp"

namespace fs = std::filesystem;

namespace cachestorm::run {
namespace {

// The pid a holder wrote into its lock file, "" if none appears. A holder takes the flock before it
// writes its pid, so a file found held but empty is read again for up to 0.5 s before giving up.
std::string holder_of(int fd) {
  for (int attempt = 0; attempt < 250; ++attempt) {
    char text[32] = {};
    const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
    std::string pid(text, n > 0 ? static_cast<size_t>(n) : 0);
    if (!pid.empty() && pid.back() == '\n') {  // written whole
      pid.pop_back();
      return pid;
    }
    ::usleep(2000);
  }
  return "";
}

[[noreturn]] void refuse_held(const std::string& user_path, const std::string& holder) {
  throw OutputError(user_path + ": another cachestorm run" + (holder.empty() ? "" : " (pid " + holder + ")") +
                    " is writing this output; wait for it to finish or choose another --out");
}

// Refuses if a lock file at `path` exists and a live process holds it.
void refuse_if_held(const fs::path& path, const std::string& user_path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return;
  const bool held = ::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  const std::string holder = held ? holder_of(fd) : "";
  ::close(fd);
  if (held) refuse_held(user_path, holder);
}

// True if `fd` is still the file at `path` (a releasing holder may have unlinked it meanwhile).
bool still_linked(int fd, const fs::path& path) {
  struct stat open_file {}, named {};
  return ::fstat(fd, &open_file) == 0 && ::stat(path.c_str(), &named) == 0 && open_file.st_ino == named.st_ino &&
         open_file.st_dev == named.st_dev;
}

fs::path nearest_existing(fs::path dir) {
  std::error_code error;
  while (!fs::is_directory(dir, error) && dir.has_parent_path() && dir != dir.parent_path()) dir = dir.parent_path();
  return dir;
}

}  // namespace

std::string lock_file_name(const fs::path& target) {
  return ".cachestorm-lock-" + sim::sha256_hex(target.string()).substr(0, 20);
}

std::shared_ptr<OutputLock> OutputLock::claim(const fs::path& target, const std::string& user_path) {
  const std::string name = lock_file_name(target);
  const fs::path home = nearest_existing(target.parent_path());
  for (fs::path up = home; up.has_parent_path() && up != up.parent_path();) {
    up = up.parent_path();
    refuse_if_held(up / name, user_path);
  }
  const fs::path path = home / name;
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0)
      throw OutputError(user_path + ": cannot create a lock file in " + home.string() + " (" + std::strerror(errno) + ")");
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const std::string holder = holder_of(fd);
      ::close(fd);
      refuse_held(user_path, holder);
    }
    if (!still_linked(fd, path)) {  // released and unlinked between our open and flock: try again
      ::close(fd);
      continue;
    }
    const std::string pid = std::to_string(getpid()) + "\n";
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
      const std::string why = std::strerror(errno);
      ::unlink(path.c_str());
      ::close(fd);
      throw OutputError(user_path + ": cannot write a lock file in " + home.string() + " (" + why + ")");
    }
    return std::shared_ptr<OutputLock>(new OutputLock(path, fd));
  }
  throw OutputError(user_path + ": cannot claim the output (its lock file keeps changing)");
}

void remove_stale_locks(const fs::path& dir) {
  std::error_code error;
  std::vector<fs::path> found;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error))
    if (it->path().filename().string().rfind(".cachestorm-lock-", 0) == 0) found.push_back(it->path());
  for (const auto& path : found) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) continue;
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0 && still_linked(fd, path)) ::unlink(path.c_str());
    ::close(fd);
  }
}

OutputLock::~OutputLock() {
  ::unlink(path_.c_str());  // while still holding it: a waiting claim then sees the file gone
  ::close(fd_);
}

}  // namespace cachestorm::run
