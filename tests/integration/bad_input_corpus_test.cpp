// The bad-input corpus (tests/bad_input/, written by make_corpus.py with hand-written
// expectations): every malformed scenario is refused with its documented exit code, a message
// naming the JSON path (the fragment in expected.tsv), and nothing written: no output directory,
// no staging or probe directory beside it. Plus inputs no file in git can be: endless, blocking
// or enormous ones, made at test time.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "integration/cli_helpers.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

using testing::run_cli;
using testing::scratch_dir;

struct BadInput {
  std::string file;
  int exit_code;
  std::string fragment;
};

void PrintTo(const BadInput& input, std::ostream* out) { *out << input.file; }

fs::path corpus_dir() { return fs::path(CACHESTORM_SOURCE_DIR) / "tests" / "bad_input"; }

std::vector<BadInput> load_cases() {
  std::vector<BadInput> cases;
  std::ifstream tsv(corpus_dir() / "expected.tsv");
  std::string line;
  while (std::getline(tsv, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab1 = line.find('\t'), tab2 = line.find('\t', tab1 + 1);
    cases.push_back({line.substr(0, tab1), std::stoi(line.substr(tab1 + 1, tab2 - tab1 - 1)), line.substr(tab2 + 1)});
  }
  return cases;
}

// Runs one refused input; checks the code, the message, and that the scratch area stayed empty.
void expect_refused(const std::string& scenario, int exit_code, const std::string& fragment) {
  const fs::path area = scratch_dir() / "area";
  fs::remove_all(area);
  fs::create_directories(area);
  const auto outcome = run_cli("run '" + scenario + "' -q --memory-limit-mb 16000 --out " + (area / "out").string(), 30);
  EXPECT_EQ(outcome.exit_code, exit_code) << outcome.stderr_text;
  EXPECT_NE(outcome.stderr_text.find(fragment), std::string::npos)
      << "expected: " << fragment << "\n     got: " << outcome.stderr_text;
  EXPECT_TRUE(fs::is_empty(area)) << "something was written beside --out";
  fs::remove_all(scratch_dir());
}

class BadInputCorpus : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadInputCorpus, IsRefusedWithItsCodeAndPathAndWritesNothing) {
  expect_refused((corpus_dir() / GetParam().file).string(), GetParam().exit_code, GetParam().fragment);
}

INSTANTIATE_TEST_SUITE_P(Cases, BadInputCorpus, ::testing::ValuesIn(load_cases()),
                         [](const ::testing::TestParamInfo<BadInput>& info) {
                           return info.param.file.substr(0, info.param.file.find('.'));
                         });

TEST(BadInputCorpusSize, HoldsAtLeastFiftyCases) { EXPECT_GE(load_cases().size(), 50u); }

TEST(BadInputMadeAtTestTime, EndlessBlockingAndEnormousInputsAreRefused) {
  const fs::path dir = fs::temp_directory_path() / ("cachestorm-made-" + std::to_string(getpid()));
  fs::create_directories(dir);
  {
    std::ofstream deep(dir / "deep.json");
    deep << std::string(100000, '[') << std::string(100000, ']');
  }
  expect_refused((dir / "deep.json").string(), 65, "nested deeper than 64 levels");
  {
    std::ofstream big(dir / "big.json");
    big << "{\"name\": \"x\"}" << std::string(5u << 20, ' ');
  }
  expect_refused((dir / "big.json").string(), 65, "a scenario file may have at most 4194304 bytes");
  ASSERT_EQ(mkfifo((dir / "fifo").c_str(), 0600), 0);
  expect_refused((dir / "fifo").string(), 66, "is a FIFO, not a scenario file");
  expect_refused("/dev/zero", 66, "/dev/zero: is a device, not a scenario file");
  expect_refused(dir.string(), 66, "is a directory, not a scenario file");
  expect_refused((dir / "missing.json").string(), 66, "cannot open (No such file or directory)");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace cachestorm
