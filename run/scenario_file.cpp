#include "run/scenario_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace cachestorm::run {
namespace {

// Closes a descriptor when it goes out of scope.
struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

std::string too_large(const std::string& path, unsigned long long bytes) {
  return path + ": " + std::to_string(bytes) + " bytes or more; a scenario file may have at most " +
         std::to_string(kMaxScenarioBytes) + " bytes";
}

}  // namespace

std::string read_scenario_file(const std::string& path) {
  // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
  Descriptor file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
  if (file.fd < 0) throw UnreadableScenario(path + ": cannot open (" + std::strerror(errno) + ")");
  struct stat info {};
  if (::fstat(file.fd, &info) != 0) throw UnreadableScenario(path + ": cannot read (" + std::strerror(errno) + ")");
  if (!S_ISREG(info.st_mode)) throw UnreadableScenario(path + ": is " + kind_of(info.st_mode) + ", not a scenario file");
  if (static_cast<unsigned long long>(info.st_size) > kMaxScenarioBytes)
    throw OversizedScenario(too_large(path, static_cast<unsigned long long>(info.st_size)));
  std::string text;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(file.fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw UnreadableScenario(path + ": cannot read (" + std::strerror(errno) + ")");
    if (n == 0) return text;
    text.append(buffer, static_cast<size_t>(n));
    if (text.size() > kMaxScenarioBytes) throw OversizedScenario(too_large(path, text.size()));  // it grew
  }
}

}  // namespace cachestorm::run
