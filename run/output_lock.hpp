// An exclusive claim on one output path for the whole of a run, so two cachestorm processes never
// write the same result (or its replication store) at once: the second is refused before it
// simulates (exit 73), naming the process that holds the path.
//
// The claim is a flock(2) on a hidden lock file, ".cachestorm-lock-<hash of the target path>", in
// the nearest existing ancestor of the target's parent (so claiming creates no directory). A
// claim also looks for a held lock of the same name further up, where a run started before the
// parent existed took it. The kernel drops the lock when its last holder exits, whatever killed
// it; the file is unlinked when the claim is released, and a file left by a killed run is taken
// over by the next claim on that target or removed by the next run in that directory. Children of a run (replications) inherit the claim and die with their parent.
// Not a lock between machines: flock on a network filesystem may not exclude another host.
#pragma once
#include <filesystem>
#include <memory>
#include <string>

namespace cachestorm::run {

class OutputLock {
 public:
  // Claims `target` (absolute, normalised) or throws OutputError starting with `user_path`.
  static std::shared_ptr<OutputLock> claim(const std::filesystem::path& target, const std::string& user_path);
  ~OutputLock();
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  OutputLock(std::filesystem::path path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::filesystem::path path_;
  int fd_;
};

// The lock file's name for `target`.
std::string lock_file_name(const std::filesystem::path& target);
// Removes the lock files in `dir` that no process holds (left by killed runs, of any target).
// Safe beside live claims: a claim retries if its file is unlinked between its open and flock.
void remove_stale_locks(const std::filesystem::path& dir);

}  // namespace cachestorm::run
