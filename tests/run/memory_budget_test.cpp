// The control group's room (run/memory_budget.hpp) read from fake trees laid out as cgroup v1 and
// v2 mount them: limit less usage, less reclaimable file pages; no limit, no room figure.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "run/memory_budget.hpp"

namespace fs = std::filesystem;

namespace cachestorm::run {
namespace {

class CgroupRoomTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("cachestorm-cgroup-" + std::to_string(getpid()));
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  void put(const fs::path& relative, const std::string& text) {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative) << text;
  }
  fs::path root_;
};

TEST_F(CgroupRoomTest, Version2GroupLimitLessUsageLessInactiveFilePages) {
  put("app.slice/run/memory.max", "1073741824\n");
  put("app.slice/run/memory.current", "300000000\n");
  put("app.slice/run/memory.stat", "anon 100\nfile 250000000\ninactive_file 100000000\nactive_file 5\n");
  EXPECT_EQ(cgroup_room("0::/app.slice/run\n", root_), 1073741824ull - (300000000ull - 100000000ull));
}

TEST_F(CgroupRoomTest, Version2WithoutALimitHasNoRoomFigure) {
  put("memory.max", "max\n");
  put("memory.current", "5\n");
  EXPECT_FALSE(cgroup_room("0::/\n", root_).has_value());
}

TEST_F(CgroupRoomTest, Version1MemoryControllerAndItsHugeNoLimitValue) {
  put("memory/docker/abc/memory.limit_in_bytes", "536870912\n");
  put("memory/docker/abc/memory.usage_in_bytes", "36870912\n");
  put("memory/docker/abc/memory.stat", "cache 10\ntotal_inactive_file 0\n");
  put("memory/memory.limit_in_bytes", "9223372036854771712\n");
  const std::string self = "9:cpu,cpuacct:/docker/abc\n4:memory:/docker/abc\n0::/\n";
  EXPECT_EQ(cgroup_room(self, root_), 500000000ull);
  fs::remove_all(root_ / "memory/docker");  // inside a container the mount is the group itself
  EXPECT_FALSE(cgroup_room(self, root_).has_value());
  put("memory/memory.limit_in_bytes", "1000\n");
  put("memory/memory.usage_in_bytes", "4000\n");
  EXPECT_EQ(cgroup_room(self, root_), 0u) << "over its limit: no room, not a wrapped-around figure";
}

TEST_F(CgroupRoomTest, TheSmallestLimitOfTheGroupsWins) {
  put("a/memory.max", "2000\n");
  put("memory.max", "1000\n");
  EXPECT_EQ(cgroup_room("0::/a\n", root_), 1000u);
}

TEST(MemoryRoom, ThisProcessHasRoomAndSaysWhatLimitsIt) {
  const MemoryRoom room = memory_room();
  EXPECT_GT(room.bytes, 0u);
  EXPECT_FALSE(room.limited_by.empty());
}

}  // namespace
}  // namespace cachestorm::run
