// A WindowSpill in a file no one else can see: created unlinked (O_TMPFILE) in a directory, so
// it takes disk, not memory, and disappears with the process whatever ends it. Where O_TMPFILE
// is not supported (some file systems), a uniquely named file is created and unlinked at once.
// A store that cannot take a window (the disk is full) throws SpillError naming the directory.
#pragma once
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "models/metrics/window_spill.hpp"

namespace cachestorm::run {

struct SpillError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class FileSpill final : public models::WindowSpill {
 public:
  // Throws SpillError if no file can be made in `directory`.
  explicit FileSpill(const std::filesystem::path& directory);
  ~FileSpill() override;
  FileSpill(const FileSpill&) = delete;
  FileSpill& operator=(const FileSpill&) = delete;

  uint64_t append(std::string_view bytes) override;
  void read(uint64_t position, size_t size, char* into) const override;

 private:
  void write_out();

  std::filesystem::path directory_;
  int fd_ = -1;
  uint64_t written_ = 0;   // bytes in the file
  std::string pending_;    // appended, not yet written (written in blocks of 1 MiB)
};

}  // namespace cachestorm::run
