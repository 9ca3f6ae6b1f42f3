// Every scenario shipped in scenarios/ runs to completion through the command. Its summary's
// outcomes add up: requests = ok + errors + client timeouts + unfinished at the end. The summary
// computes "unfinished" as what remains, clamped at zero, so this catches outcomes counted twice;
// outcomes timed at the client (request-path issue) will make it a check of every request.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "integration/cli_helpers.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

TEST(ShippedScenarios, EachRunsToCompletionAndItsOutcomesAddUp) {
  int ran = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(CACHESTORM_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() != ".json" || entry.path().filename() == "schema.json") continue;
    const fs::path out = testing::scratch_dir() / entry.path().stem();
    const auto outcome = testing::run_cli("run " + entry.path().string() + " -q --out " + out.string(), 600);
    ASSERT_EQ(outcome.exit_code, 0) << entry.path() << ": " << outcome.stderr_text;
    const auto summary = nlohmann::json::parse(testing::read_file(out / "summary.json"));
    const auto& r = summary["requests"];
    EXPECT_EQ(summary["status"], "complete") << entry.path();
    EXPECT_EQ(r["total"].get<uint64_t>(), r["ok"].get<uint64_t>() + r["errors"].get<uint64_t>() +
                                              r["client_timeouts"].get<uint64_t>() +
                                              r["unfinished_at_end"].get<uint64_t>())
        << entry.path();
    ++ran;
  }
  EXPECT_GE(ran, 6);
  fs::remove_all(testing::scratch_dir());
}

}  // namespace
}  // namespace cachestorm
