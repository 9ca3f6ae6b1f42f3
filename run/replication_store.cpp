#include "run/replication_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "run/file_content.hpp"
#include "run/output_dir.hpp"
#include "run/output_leftovers.hpp"
#include "sim/build_info.hpp"
#include "sim/sha256.hpp"

namespace fs = std::filesystem;

namespace cachestorm::run {
namespace {

constexpr int kStoreFormatVersion = 1;

std::string marker_text(const std::string& identity) {
  return nlohmann::json{{"format", "cachestorm-replications"},
                        {"version", kStoreFormatVersion},
                        {"identity_sha256", sim::sha256_hex(identity)}}
             .dump(2) +
         "\n";
}

// A replication's file ("7.summary.json"), or one being written ("7.summary.json.tmp-123").
bool is_replication_file(const std::string& name) {
  static const std::regex pattern(R"([0-9]+\.(summary\.json|timeseries\.csv|events\.jsonl)(\.tmp-[0-9]+)?)");
  return std::regex_match(name, pattern);
}

// True if `dir` holds the store marker and nothing but replication files.
bool is_store(const fs::path& dir) {
  std::error_code error;
  if (!fs::is_regular_file(fs::symlink_status(dir / kStoreMarkerName, error))) return false;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (it->is_symlink(error) || !it->is_regular_file(error)) return false;
    if (name != kStoreMarkerName && !is_replication_file(name)) return false;
  }
  return !error;
}

// Writes `content` to `path` whole: a temporary file, flushed to disk, renamed over it.
void write_whole(const fs::path& path, const FileContent& content) {
  const fs::path temporary = path.string() + ".tmp-" + std::to_string(getpid());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw OutputError(temporary.string() + ": cannot create (" + std::strerror(errno) + ")");
  try {
    write_and_close(fd, temporary, content);
  } catch (const OutputError&) {
    ::unlink(temporary.c_str());
    throw;
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(temporary.c_str());
    throw OutputError(path.string() + ": cannot write (" + why + ")");
  }
}

void sync_directory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// The contents of a regular file (not through a symbolic link); nothing if there is none.
std::optional<std::string> read_whole(const fs::path& path) {
  std::error_code error;
  if (!fs::is_regular_file(fs::symlink_status(path, error))) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

ReplicationStore ReplicationStore::open(const fs::path& target, const std::string& suffix, const std::string& identity) {
  std::string name = ".";  // built by append: GCC 12 warns falsely (-Wrestrict) on "." + std::string
  name.append(target.filename().string()).append(".cachestorm-replications").append(suffix);
  const fs::path dir = target.parent_path() / name;
  std::error_code error;
  const std::string marker = marker_text(identity);
  const bool empty_dir = fs::is_directory(fs::symlink_status(dir, error)) && fs::is_empty(dir, error) && !error;
  if (!empty_dir && fs::exists(fs::symlink_status(dir, error))) {  // an empty one: a store whose marker never got written
    if (!fs::is_directory(fs::symlink_status(dir, error)) || !is_store(dir))
      throw OutputError(dir.string() + ": exists and is not a cachestorm replication store; refusing to use it");
    if (read_small_file(dir / kStoreMarkerName) == marker) return ReplicationStore(dir);
    fs::remove_all(dir, error);  // another scenario's or build's replications
    if (error) throw OutputError(dir.string() + ": cannot empty a store of another run (" + error.message() + ")");
  }
  fs::create_directories(dir, error);
  if (error) throw OutputError(dir.string() + ": cannot create (" + error.message() + ")");
  write_whole(dir / kStoreMarkerName, marker);
  sync_directory(dir);
  return ReplicationStore(dir);
}

std::optional<StoredReplication> ReplicationStore::load(uint32_t r) const {
  const std::string stem = std::to_string(r);
  const auto summary = read_whole(dir_ / (stem + ".summary.json"));
  if (!summary || nlohmann::json::parse(*summary, nullptr, false).is_discarded()) return std::nullopt;
  const fs::path timeseries = dir_ / (stem + ".timeseries.csv");
  std::error_code error;
  const auto events = read_whole(dir_ / (stem + ".events.jsonl"));
  if (!fs::is_regular_file(fs::symlink_status(timeseries, error)) || !events) return std::nullopt;
  return StoredReplication{*summary, timeseries, *events};
}

void ReplicationStore::save(uint32_t r, const SavedReplication& replication) const {
  const std::string stem = std::to_string(r);
  write_whole(dir_ / (stem + ".timeseries.csv"), replication.timeseries_csv);
  write_whole(dir_ / (stem + ".events.jsonl"), replication.events_jsonl);
  write_whole(dir_ / (stem + ".summary.json"), replication.summary_json);  // last: it marks the replication saved
  sync_directory(dir_);
}

void ReplicationStore::discard() const {
  std::error_code error;
  if (is_store(dir_)) fs::remove_all(dir_, error);
}

std::string replication_identity(const models::Scenario& scenario, double warmup_s,
                                 const std::vector<analysis::ReportWindow>& windows) {
  nlohmann::json spans = nlohmann::json::array();
  for (const auto& window : windows) spans.push_back({window.name, window.from_s, window.to_s});
  const nlohmann::json identity = {{"scenario", scenario.resolved},
                                   {"warmup_s", warmup_s},
                                   {"windows", spans},
                                   {"cachestorm_version", sim::cachestorm_version()},
                                   {"git_commit", sim::cachestorm_git_commit()}};
  return identity.dump();
}

}  // namespace cachestorm::run
