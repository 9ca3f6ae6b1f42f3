// The output-directory rules (run/output_dir.hpp), each case from the data-loss report: nothing
// but a provable cachestorm result is ever replaced, dangerous paths are refused with the user's
// path in the message, and a run killed at any step of publication leaves the complete old or the
// complete new result in place, with its leftovers cleaned by the next run to the same path.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "run/new_file.hpp"
#include "run/output_dir.hpp"
#include "run/output_lock.hpp"

namespace fs = std::filesystem;

namespace cachestorm::run {
namespace {

class OutputDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("cachestorm-outdir-" + std::to_string(getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
    fs::current_path(root_);
  }
  void TearDown() override {
    fs::current_path(fs::temp_directory_path());
    fs::remove_all(root_);
  }
  static std::string read(const fs::path& path) {
    std::stringstream text;
    text << std::ifstream(path).rdbuf();
    return text.str();
  }
  static void touch(const fs::path& path, const std::string& text = "user data") {
    if (path.has_parent_path()) fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }
  // The message of the OutputError that prepare(path) throws; "" if it throws none.
  static std::string refusal(const std::string& path) {
    try {
      ResultDir::prepare(path);
    } catch (const OutputError& error) {
      return error.what();
    }
    return "";
  }
  static std::vector<std::string> entries(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  fs::path root_;
};

const std::map<std::string, FileContent> kOld = {{"summary.json", "old"}, {"timeseries.csv", "old rows"}};
const std::map<std::string, FileContent> kNew = {{"summary.json", "new"}, {"timeseries.csv", "new rows"}};

TEST_F(OutputDirTest, ADirectoryWithAManifestButOtherFilesIsRefusedAndUntouched) {
  touch("webapp/manifest.json", "{}");
  touch("webapp/index.html");
  touch("webapp/src/app.js");
  const std::string why = refusal("webapp");
  EXPECT_EQ(why.rfind("webapp: exists and is not a cachestorm result", 0), 0u) << why;
  EXPECT_EQ(read("webapp/index.html"), "user data");
  EXPECT_EQ(read("webapp/src/app.js"), "user data");
}

TEST_F(OutputDirTest, AResultWithAUserFileAddedIsNoLongerReplaceable) {
  ResultDir::prepare("res").publish(kOld);
  ASSERT_TRUE(is_result_dir("res"));
  touch("res/notes.txt");
  EXPECT_FALSE(is_result_dir("res"));
  EXPECT_NE(refusal("res"), "");
  EXPECT_EQ(read("res/notes.txt"), "user data");
}

TEST_F(OutputDirTest, TrailingSlashReplacesAnExistingResultInPlace) {
  ResultDir::prepare("prev").publish(kOld);
  ResultDir::prepare("prev/").publish(kNew);
  EXPECT_EQ(read("prev/summary.json"), "new");
  EXPECT_TRUE(is_result_dir("prev"));
  EXPECT_EQ(entries(root_), std::vector<std::string>{"prev"});
}

TEST_F(OutputDirTest, TrailingSlashOnAnEmptyDirectoryWritesIntoIt) {
  fs::create_directory("fresh");
  ResultDir::prepare("fresh/").publish(kNew);
  EXPECT_EQ(read("fresh/summary.json"), "new");
  EXPECT_EQ(entries(root_), std::vector<std::string>{"fresh"});
}

TEST_F(OutputDirTest, WorkingDirectoryItsAncestorsRootAndHomeAreRefused) {
  fs::create_directories("a/b");
  touch("a/b/mine.txt");
  fs::current_path("a/b");
  EXPECT_EQ(refusal(".").rfind(".: is the working directory or one of its parents", 0), 0u) << refusal(".");
  EXPECT_EQ(refusal("./").rfind("./: is the working directory", 0), 0u);
  EXPECT_EQ(refusal("..").rfind("..: is the working directory or one of its parents", 0), 0u);
  EXPECT_NE(refusal(root_.string()), "");
  EXPECT_EQ(refusal("/").rfind("/: is the root directory", 0), 0u) << refusal("/");
  fs::create_directory(root_ / "home");
  setenv("HOME", (root_ / "home").c_str(), 1);
  EXPECT_EQ(refusal(root_.string() + "/home/").rfind(root_.string() + "/home/: is the home directory", 0), 0u);
  EXPECT_EQ(read(root_ / "a/b/mine.txt"), "user data");
}

TEST_F(OutputDirTest, ASymlinkToAResultIsFollowedAndKept) {
  ResultDir::prepare("real").publish(kOld);
  fs::create_directory_symlink("real", "link");
  ResultDir::prepare("link").publish(kNew);
  EXPECT_TRUE(fs::is_symlink("link"));
  EXPECT_EQ(read("real/summary.json"), "new");
  fs::create_directory_symlink("nowhere", "dangling");
  EXPECT_EQ(refusal("dangling").rfind("dangling: is a symbolic link to nothing", 0), 0u);
}

TEST_F(OutputDirTest, FilesAndUnwritableLocationsAreRefusedBeforeAnythingIsWritten) {
  touch("plain");
  EXPECT_EQ(refusal("plain").rfind("plain: exists and is not a directory", 0), 0u);
  EXPECT_EQ(refusal("plain/sub/x").rfind("plain/sub/x: ", 0), 0u);
  EXPECT_NE(refusal("plain/sub/x").find("is not a directory"), std::string::npos);
  EXPECT_NE(refusal("/proc/cachestorm-nowhere").find("cannot create anything in /proc"), std::string::npos);
  EXPECT_NE(refusal(""), "");
  EXPECT_EQ(entries(root_), std::vector<std::string>{"plain"});
}

TEST_F(OutputDirTest, PrepareCreatesNothing) {
  ResultDir::prepare("deep/er/out");
  EXPECT_FALSE(fs::exists("deep"));
}

// Kills a child at `step` of publishing kNew over kOld; the target must hold one whole result.
TEST_F(OutputDirTest, AKillAtAnyStepLeavesTheOldOrTheNewResultAndTheNextRunCleansUp) {
  for (PublishStep step : {PublishStep::kStaged, PublishStep::kNewInPlace}) {
    ResultDir::prepare("res").publish(kOld);
    const pid_t child = fork();
    if (child == 0) {
      ResultDir::prepare("res").publish(kNew, [step](PublishStep at) {
        if (at == step) raise(SIGKILL);
      });
      _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status));
    ASSERT_TRUE(is_result_dir("res"));
    const std::string summary = read("res/summary.json");
    EXPECT_EQ(summary, step == PublishStep::kStaged ? "old" : "new");
    EXPECT_GT(entries(root_).size(), 1u) << "the killed run left its staging or old directory";
    ResultDir::prepare("res");
    EXPECT_EQ(entries(root_), std::vector<std::string>{"res"});
    EXPECT_EQ(read("res/summary.json"), summary);
    fs::remove_all("res");
  }
}

TEST_F(OutputDirTest, AnOldResultSetAsideByAKilledRunIsPutBack) {
  // The fallback swap (no RENAME_EXCHANGE) renames the old result aside before moving the new one
  // in; a kill between the two leaves the path empty. Pid 1 is never a cachestorm process.
  ResultDir::prepare("res").publish(kOld);
  fs::rename("res", ".res.cachestorm-old-1");
  ResultDir::prepare("half").publish(kNew);  // a staging directory killed half-way: marker, one file
  fs::remove("half/timeseries.csv");
  fs::rename("half", ".res.cachestorm-new-1");
  ResultDir::prepare("res");
  EXPECT_EQ(read("res/summary.json"), "old");
  EXPECT_EQ(entries(root_), std::vector<std::string>{"res"});
}

TEST_F(OutputDirTest, ALookAlikeLeftoverIsNeverRemoved) {
  touch(".res.cachestorm-new-1/sub/precious.txt");  // a directory inside
  touch(".res.cachestorm-old-1/notes.txt");         // plain files, but no marker
  ResultDir::prepare("res").publish(kOld);
  fs::rename("res", ".res.cachestorm-new-2");       // a run's marker, plus a file of the user's
  touch(".res.cachestorm-new-2/mine.txt");
  ResultDir::prepare("res");
  EXPECT_EQ(read(".res.cachestorm-new-1/sub/precious.txt"), "user data");
  EXPECT_EQ(read(".res.cachestorm-old-1/notes.txt"), "user data");
  EXPECT_EQ(read(".res.cachestorm-new-2/mine.txt"), "user data");
}

TEST_F(OutputDirTest, AFileAddedWhileTheResultIsSwappedIsPutBackNotHidden) {
  // The race of the concurrency report: a file created in the result after the last check and
  // before the swap went out with the old result into the staging directory, and stayed there.
  ResultDir::prepare("res").publish(kOld);
  ResultDir::prepare("res").publish(kNew, [](PublishStep at) {
    if (at == PublishStep::kChecked) std::ofstream("res/mine.txt") << "user data";
  });
  EXPECT_EQ(read("res/summary.json"), "new");
  EXPECT_EQ(read("res/mine.txt"), "user data");
  EXPECT_EQ(entries(root_), std::vector<std::string>{"res"}) << "nothing hidden beside it";
  EXPECT_FALSE(is_result_dir("res")) << "it now holds a file of the user's: later runs must not replace it";
}

TEST_F(OutputDirTest, ASecondClaimOnTheSameOutputIsRefusedUntilTheFirstEnds) {
  {
    const ResultDir first = ResultDir::prepare("res");
    const pid_t child = fork();
    if (child == 0) {  // another process: flock excludes it
      try {
        ResultDir::prepare("res/");
      } catch (const OutputError& error) {
        const std::string why = error.what();
        _exit(why.find("another cachestorm run (pid " + std::to_string(getppid()) + ") is writing this output") !=
                      std::string::npos
                  ? 0
                  : 2);
      }
      _exit(1);
    }
    int status = 0;
    waitpid(child, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
    EXPECT_EQ(entries(root_), std::vector<std::string>{lock_file_name(root_ / "res")});
  }
  EXPECT_TRUE(entries(root_).empty()) << "the lock file goes with the claim";
  ResultDir::prepare("res").publish(kNew);  // free again
  EXPECT_EQ(read("res/summary.json"), "new");
}

// A claimer holds the flock a moment before its pid is in the file; a second run arriving then
// must still name the holder (the concurrent-runs test once saw "another cachestorm run is
// writing" without a pid). Here the "holder" is a file description of this process, filled late.
TEST_F(OutputDirTest, ARefusalInTheMomentBeforeTheHolderWroteItsPidStillNamesIt) {
  const fs::path lock = root_ / lock_file_name(root_ / "res");
  const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  std::thread late([fd] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_EQ(::pwrite(fd, "424242\n", 7, 0), 7);
  });
  std::string why;
  try {
    ResultDir::prepare("res");
  } catch (const OutputError& error) {
    why = error.what();
  }
  late.join();
  ::close(fd);
  EXPECT_NE(why.find("another cachestorm run (pid 424242) is writing this output"), std::string::npos) << why;
}

TEST_F(OutputDirTest, ALockFileLeftByAKilledRunIsRemovedByTheNextRunBesideIt) {
  touch(lock_file_name(root_ / "gone"), "12345\n");  // a run to "gone", killed: nobody holds it
  ResultDir::prepare("res").publish(kNew);
  EXPECT_EQ(entries(root_), std::vector<std::string>{"res"});
}

TEST_F(OutputDirTest, AClaimTakenBeforeTheParentExistedStillExcludes) {
  // The first run claims "a/b/out" while "a" does not exist: its lock is in the working directory.
  const ResultDir first = ResultDir::prepare("a/b/out");
  fs::create_directories("a/b");  // as its publication would
  const pid_t child = fork();
  if (child == 0) {
    try {
      ResultDir::prepare("a/b/out");
    } catch (const OutputError&) {
      _exit(0);
    }
    _exit(1);
  }
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
}

TEST_F(OutputDirTest, AnUnexpandedTildeIsRefusedAndNothingIsCreated) {
  EXPECT_NE(refusal("~").find("~: starts with '~', which the shell did not expand"), std::string::npos) << refusal("~");
  EXPECT_NE(refusal("~/results").find("starts with '~'"), std::string::npos);
  EXPECT_TRUE(entries(root_).empty());
  ResultDir::prepare("./~").publish(kNew);  // said plainly, it is a name like any other
  EXPECT_EQ(read("~/summary.json"), "new");
}

TEST_F(OutputDirTest, AMountPointIsRefusedBeforeAnythingIsWritten) {
  fs::create_directories("mnt");
  ASSERT_EQ(std::system(("mount -t tmpfs -o size=1m cachestorm-test " + (root_ / "mnt").string()).c_str()), 0)
      << "the test mounts a small tmpfs (as root)";
  const std::string why = refusal("mnt");
  const bool mounted_read = is_mount_point(root_ / "mnt");
  std::system(("umount " + (root_ / "mnt").string()).c_str());
  EXPECT_TRUE(mounted_read);
  EXPECT_EQ(why.rfind("mnt: is a mount point", 0), 0u) << why;
  EXPECT_FALSE(is_mount_point(root_ / "mnt"));
  EXPECT_FALSE(is_mount_point(root_));
}

TEST_F(OutputDirTest, ANewFileIsWrittenWholeAndNeverOverAnother) {
  write_new_file("perf.json", "{}\n");
  EXPECT_EQ(read("perf.json"), "{}\n");
  touch("mine.txt");
  EXPECT_THROW(write_new_file("mine.txt", "overwritten"), OutputError);
  EXPECT_EQ(read("mine.txt"), "user data");
  fs::create_symlink("nowhere", "dangling");
  EXPECT_THROW(write_new_file("dangling", "x"), OutputError);
  EXPECT_FALSE(fs::exists("nowhere"));
  EXPECT_EQ(entries(root_), (std::vector<std::string>{"dangling", "mine.txt", "perf.json"}));
}

}  // namespace
}  // namespace cachestorm::run
