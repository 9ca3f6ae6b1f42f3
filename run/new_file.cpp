#include "run/new_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "run/file_content.hpp"
#include "run/output_dir.hpp"

namespace fs = std::filesystem;

namespace cachestorm::run {

void refuse_existing_file(const std::string& path) {
  std::error_code error;
  if (fs::exists(fs::symlink_status(path, error)))
    throw OutputError(path + ": exists; refusing to overwrite it (remove it or name another file)");
}

void write_new_file(const std::string& path, const std::string& content) {
  refuse_existing_file(path);
  const fs::path target = fs::absolute(path);
  std::string name = ".";  // built by append: GCC 12 warns falsely (-Wrestrict) on "." + std::string
  name.append(target.filename().string()).append(".cachestorm-tmp-").append(std::to_string(getpid()));
  const fs::path temporary = target.parent_path() / name;
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw OutputError(path + ": cannot create (" + std::strerror(errno) + ")");
  try {
    write_and_close(fd, path, content);
  } catch (const OutputError&) {
    ::unlink(temporary.c_str());
    throw;
  }
  const int linked = ::link(temporary.c_str(), target.c_str()) == 0 ? 0 : errno;
  ::unlink(temporary.c_str());
  if (linked == EEXIST)
    throw OutputError(path + ": was created meanwhile; refusing to overwrite it (remove it or name another file)");
  if (linked != 0) throw OutputError(path + ": cannot create (" + std::strerror(linked) + ")");
}

}  // namespace cachestorm::run
