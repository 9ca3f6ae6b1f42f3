// The output directory of a run, and the rules that keep a user's files safe in it.
//
// A run writes its files (the marker first) into a hidden sibling staging directory, then swaps it into place
// atomically (renameat2 RENAME_EXCHANGE; where a filesystem lacks it, rename the old result aside,
// rename the new one in, then remove the old). At every instant the path holds the complete old
// result or the complete new one. A directory is only ever replaced, or removed, if it is
// provably a cachestorm result: it holds a marker file (kMarkerName, with a format version and
// the list of files the run wrote) and nothing else but those files; an empty directory may also
// be used. Refused outright: "/", the home directory, the working directory and its ancestors,
// an existing non-directory, a dangling symbolic link. A symbolic link to a directory is followed
// (the link stays). Also refused: a mount point (it cannot be swapped), and a path starting with
// "~" (a tilde the shell did not expand). Leftovers of a killed run (".<name>.cachestorm-new-<pid>" / "-old-<pid>")
// are recognised and cleaned by the next run to the same path.
// While a ResultDir (or a copy) lives, it holds the output's OutputLock (run/output_lock.hpp): a
// second run to the same path is refused. A file a user drops into the old result while it is
// being swapped out is moved back into the new result (and named on stderr), never lost.
// Not a general file-writing library: every name written is a plain file name.
#pragma once
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include "run/file_content.hpp"

namespace cachestorm::run {

class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr const char* kMarkerName = ".cachestorm-result";
inline constexpr int kResultFormatVersion = 1;

// The points of publish() a crash test can stop at (see ResultDir::publish).
// kChecked: staged, and the target checked still replaceable; the swap comes next.
enum class PublishStep { kStaged, kChecked, kOldMovedAside, kNewInPlace };

class OutputLock;

class ResultDir {
 public:
  // Resolves `user_path` and checks everything that can be checked before simulating: the rules
  // above, and that the location can be created and written (a directory is created and removed
  // to prove it). Claims the path for this process (refused if another run holds it). Cleans
  // leftovers of killed runs to this path. Throws OutputError whose message starts with the
  // user's path.
  static ResultDir prepare(const std::string& user_path);

  // Writes every (file name, content) pair and the marker, then swaps the result into place as
  // described above. `after_step`, if given, is called at each PublishStep (for crash tests).
  // Throws OutputError (nothing replaced) if the target stopped being replaceable meanwhile.
  void publish(const std::map<std::string, FileContent>& files,
               const std::function<void(PublishStep)>& after_step = {}) const;

  const std::filesystem::path& target() const { return target_; }
  // Where the run may keep unlinked scratch files (its metric windows): the target's nearest
  // existing directory, the one its lock is in.
  std::filesystem::path scratch_dir() const;

 private:
  ResultDir(std::string user_path, std::filesystem::path target)
      : user_path_(std::move(user_path)), target_(std::move(target)) {}
  [[noreturn]] void fail(const std::string& problem) const;
  void check_replaceable() const;
  void check_location() const;
  // After a swap: `swapped_out` holds the previous result; files in it that the previous result
  // did not list (a user's, added during the swap) go back into the target.
  void return_foreign_files(const std::filesystem::path& swapped_out) const;

  std::string user_path_;
  std::filesystem::path target_;  // absolute, symbolic links resolved
  std::shared_ptr<OutputLock> lock_;
};

// True if `dir` is a mount point (another filesystem, or a bind mount, is mounted there).
bool is_mount_point(const std::filesystem::path& dir);

// True if `dir` is provably a cachestorm result: a directory that is empty, or holds a valid
// marker and nothing but regular files it lists (some may be missing: a killed run's staging
// directory qualifies). Only such a directory is ever replaced or removed.
bool is_result_dir(const std::filesystem::path& dir);

}  // namespace cachestorm::run
