#include "run/file_spill.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace cachestorm::run {
namespace {

constexpr size_t kBlock = size_t{1} << 20;

std::string failure(const std::filesystem::path& directory, const char* what, int error) {
  return std::string("cannot keep the metric windows in ") + directory.string() + " (" + what + ": " +
         std::strerror(error) + ")";
}

int unlinked_file(const std::filesystem::path& directory) {
  const int fd = ::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)) return fd;
  std::random_device entropy;
  for (int attempt = 0; attempt < 16; ++attempt) {
    const auto name = directory / (".cachestorm-windows-" + std::to_string(entropy()));
    const int named = ::open(name.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
    if (named >= 0) {
      ::unlink(name.c_str());
      return named;
    }
    if (errno != EEXIST) return -1;
  }
  return -1;
}

}  // namespace

FileSpill::FileSpill(const std::filesystem::path& directory) : directory_(directory) {
  fd_ = unlinked_file(directory);
  if (fd_ < 0) throw SpillError(failure(directory_, "create", errno));
}

FileSpill::~FileSpill() {
  if (fd_ >= 0) ::close(fd_);
}

uint64_t FileSpill::append(std::string_view bytes) {
  const uint64_t position = written_ + pending_.size();
  pending_.append(bytes);
  if (pending_.size() >= kBlock) write_out();
  return position;
}

void FileSpill::write_out() {
  size_t done = 0;
  while (done < pending_.size()) {
    const ssize_t n = ::pwrite(fd_, pending_.data() + done, pending_.size() - done,
                               static_cast<off_t>(written_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw SpillError(failure(directory_, "write", n < 0 ? errno : ENOSPC));
    done += static_cast<size_t>(n);
  }
  written_ += pending_.size();
  pending_.clear();
}

void FileSpill::read(uint64_t position, size_t size, char* into) const {
  // Bytes still pending are copied from memory; the rest come from the file.
  size_t done = 0;
  while (done < size && position + done < written_) {
    const size_t want = static_cast<size_t>(std::min<uint64_t>(size - done, written_ - (position + done)));
    const ssize_t n = ::pread(fd_, into + done, want, static_cast<off_t>(position + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw SpillError(failure(directory_, "read", n < 0 ? errno : EIO));
    done += static_cast<size_t>(n);
  }
  if (done < size) {
    const uint64_t offset = position + done - written_;
    if (offset + (size - done) > pending_.size()) throw SpillError(failure(directory_, "read", EINVAL));
    std::memcpy(into + done, pending_.data() + offset, size - done);
  }
}

}  // namespace cachestorm::run
