#include "cli/output_dir.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace cachestorm::cli {

void check_output_dir(const std::string& dir) {
  std::error_code error;
  const fs::path path(dir);
  if (!fs::exists(path, error)) return;
  if (!fs::is_directory(path, error)) throw OutputError(dir + ": exists and is not a directory");
  if (fs::is_empty(path, error) || fs::exists(path / "manifest.json", error)) return;
  throw OutputError(dir + ": exists, is not empty and holds no manifest.json; refusing to replace it");
}

void write_output_dir(const std::string& dir, const std::map<std::string, std::string>& files) {
  check_output_dir(dir);
  const fs::path target = fs::absolute(fs::path(dir)).lexically_normal();
  const fs::path staging = target.parent_path() / (target.filename().string() + ".partial-" + std::to_string(getpid()));
  std::error_code error;
  fs::create_directories(target.parent_path(), error);
  fs::remove_all(staging, error);
  if (!fs::create_directories(staging, error)) throw OutputError(staging.string() + ": cannot create (" + error.message() + ")");
  for (const auto& [name, content] : files) {
    std::ofstream out(staging / name, std::ios::binary);
    out << content;
    if (!out.flush()) {
      fs::remove_all(staging, error);
      throw OutputError((staging / name).string() + ": cannot write");
    }
  }
  fs::remove_all(target, error);
  fs::rename(staging, target, error);
  if (error) {
    fs::remove_all(staging);
    throw OutputError(target.string() + ": cannot move results into place (" + error.message() + ")");
  }
}

}  // namespace cachestorm::cli
