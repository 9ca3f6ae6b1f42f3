#include "run/file_content.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "run/output_dir.hpp"

namespace cachestorm::run {
namespace {

// Writes all of `bytes`; false (errno set) on failure.
bool write_all(int fd, std::string_view bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

void write_and_close(int fd, const std::filesystem::path& path, const FileContent& content) {
  const auto fail = [&](int error) {
    ::close(fd);
    throw OutputError(path.string() + ": cannot write (" + std::strerror(error) + ")");
  };
  if (!content.producer) {
    if (!write_all(fd, content.text)) fail(errno);
  } else {
    content.producer([&](std::string_view piece) {
      if (!write_all(fd, piece)) fail(errno);
    });
  }
  if (::fsync(fd) != 0) fail(errno);
  if (::close(fd) != 0) throw OutputError(path.string() + ": cannot write (" + std::strerror(errno) + ")");
}

}  // namespace cachestorm::run
