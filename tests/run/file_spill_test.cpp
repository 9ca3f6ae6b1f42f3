// FileSpill: records of any size read back exactly, whether still pending or already in the
// file; the file is never visible in its directory; a directory that cannot hold it is named.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "run/file_spill.hpp"

namespace fs = std::filesystem;

namespace cachestorm::run {
namespace {

fs::path scratch() {
  const auto dir = fs::temp_directory_path() / ("cachestorm-spill-" + std::to_string(getpid()));
  fs::create_directories(dir);
  return dir;
}

std::string record(size_t k) {
  std::string bytes(1 + (k * 7919) % 40000, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>((k * 31 + i * 17) & 0xff);
  return bytes;
}

TEST(FileSpill, EveryRecordReadsBackExactlyAndTheFileIsNeverSeen) {
  const fs::path dir = scratch();
  {
    FileSpill spill(dir);
    std::vector<uint64_t> at;
    size_t total = 0;
    for (size_t k = 0; k < 300; ++k) {  // about 6 MiB: several written blocks and a pending tail
      const std::string bytes = record(k);
      at.push_back(spill.append(bytes));
      EXPECT_EQ(at.back(), total);
      total += bytes.size();
    }
    EXPECT_TRUE(fs::is_empty(dir)) << "the spill has no name";
    for (size_t k = 300; k-- > 0;) {  // backwards, across the pending boundary
      const std::string expected = record(k);
      std::string got(expected.size(), 'x');
      spill.read(at[k], got.size(), got.data());
      ASSERT_EQ(got, expected) << k;
    }
  }
  EXPECT_TRUE(fs::is_empty(dir));
  fs::remove_all(dir);
}

TEST(FileSpill, ADirectoryThatCannotHoldItIsNamed) {
  try {
    FileSpill spill("/nonexistent/cachestorm");
    FAIL() << "a spill was made in a missing directory";
  } catch (const SpillError& error) {
    EXPECT_NE(std::string(error.what()).find("cannot keep the metric windows in /nonexistent/cachestorm"),
              std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace cachestorm::run
