// Reports (cachestorm report, run --report) against what they must be:
// - golden Vega-Lite specs: a run, a replicated run and a compare of tests/golden_report/outage.json give
//   exactly the checked-in specs (regenerated only by scripts/update_golden.sh, diff reviewed);
// - in a real browser: Debian's headless Chromium, started here and stopped by its process id,
//   with networking off, opens the report from a file: every chart rendered (the page's own
//   count, and one SVG of marks per chart), the console has nothing (no error, no warning), and
//   a screenshot is far from blank (several times the bytes of a blank page's);
// - self-contained: what the page adds around the inlined libraries names no URL and loads
//   nothing (no src or href attribute); the libraries' own text holds XML namespace and help
//   strings only, which no element loads.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "cli_helpers.hpp"

namespace fs = std::filesystem;

namespace cachestorm {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::scratch_dir;

const fs::path kSource = CACHESTORM_SOURCE_DIR;
constexpr int kCharts = 11;  // the scenario has writes: every chart of report_charts.hpp

// The charts a page holds (one place for each).
int charts_in(const std::string& html) {
  int n = 0;
  for (size_t at = html.find("<div class=\"chart\""); at != std::string::npos; at = html.find("<div class=\"chart\"", at + 1)) ++n;
  return n;
}

// A compare of the report scenario with a variant of twice the origin connections.
fs::path compare_result() {
  const fs::path out = scratch_dir() / "compare";
  const auto run = run_cli("compare " + (kSource / "tests/golden_report/outage.json").string() +
                           " --variant 'wide: origin.connections=24' --replications 3 -q --out " + out.string());
  EXPECT_EQ(run.exit_code, 0) << run.stderr_text;
  return out;
}
constexpr int kCompareCharts = 4;  // variants, differences, p99 and origin queries over time

// A sweep of the report scenario over the origin's connections: a sizing curve per key metric.
fs::path sweep_result() {
  const fs::path out = scratch_dir() / "sweep";
  const auto run = run_cli("sweep " + (kSource / "tests/golden_report/outage.json").string() +
                           " --axis origin.connections=4,8,12 --replications 2 -q --out " + out.string());
  EXPECT_EQ(run.exit_code, 0) << run.stderr_text;
  return out;
}
constexpr int kSweepCharts = 5;  // p99, hit ratio, error ratio, origin queries, origin busy peak

// A vulnerability map as scripts/vulnerability_map.py writes it (tests/integration/
// vulnerability_map_test.cpp runs the script): a boundary, a load down at the bottom, and a
// variant that survives the whole axis.
fs::path map_result() {
  const fs::path out = scratch_dir() / "map";
  fs::create_directories(out);
  const nlohmann::json map = {
      {"scenario", "retry_storm"}, {"load", "workload.arrivals.rate_per_s"}, {"trigger", "faults[1].duration_s"},
      {"trigger_low", 1.0}, {"trigger_high", 40.0}, {"incident", "faults.1"}, {"replications", 2},
      {"cells", {{{"load", 450.0}, {"variant", "baseline"}, {"largest_survived", 40}, {"smallest_down", nullptr}},
                 {{"load", 800.0}, {"variant", "baseline"}, {"largest_survived", 3}, {"smallest_down", 4}},
                 {{"load", 1000.0}, {"variant", "baseline"}, {"largest_survived", nullptr}, {"smallest_down", 1}},
                 {{"load", 600.0}, {"variant", "baseline"}, {"outcome", "undecided"}, {"largest_survived", 14},
                  {"smallest_down", nullptr}},
                 {{"load", 450.0}, {"variant", "token_bucket"}, {"largest_survived", 40}, {"smallest_down", nullptr}},
                 {{"load", 1000.0}, {"variant", "token_bucket"}, {"largest_survived", 40}, {"smallest_down", nullptr}}}}};
  std::ofstream(out / "map.json") << map.dump();
  std::ofstream(out / "manifest.json") << R"({"seed": 1, "command_line": ["scripts/vulnerability_map.py"]})";
  return out;
}
constexpr int kMapCharts = 1;

fs::path result_of(const std::string& name, const std::string& extra) {
  const fs::path out = scratch_dir() / name;
  const auto run = run_cli("run " + (kSource / "tests/golden_report/outage.json").string() + " -q --report --out " +
                           out.string() + " " + extra);
  EXPECT_EQ(run.exit_code, 0) << run.stderr_text;
  return out;
}

TEST(Report, SpecsOfARunAReplicatedRunAndACompareAreTheGoldenOnes) {
  for (const auto& [kind, extra] : {std::pair{"run", ""}, std::pair{"replicated", "--replications 3"},
                                    std::pair{"compare", ""}}) {
    const bool compare = std::string(kind) == "compare";
    const fs::path out = compare ? compare_result() : result_of(kind, extra);
    const fs::path specs = scratch_dir() / (std::string(kind) + "_specs");
    const auto report = run_cli("report " + out.string() + " -o " + (scratch_dir() / "again.html").string() +
                                " --specs " + specs.string());
    ASSERT_EQ(report.exit_code, 0) << report.stderr_text;
    fs::remove(scratch_dir() / "again.html");
    int files = 0;
    for (const auto& golden : fs::directory_iterator(kSource / "tests/golden_report" / kind)) {
      ++files;
      EXPECT_EQ(read_file(specs / golden.path().filename()), read_file(golden.path()))
          << kind << "/" << golden.path().filename().string() << ": regenerate with scripts/update_golden.sh only if meant";
    }
    EXPECT_EQ(files, compare ? kCompareCharts : kCharts);
    EXPECT_EQ(std::distance(fs::directory_iterator(specs), fs::directory_iterator()), files);
  }
  fs::remove_all(scratch_dir());
}

// Runs Debian's Chromium headless on `page` with the network off; its stdout to `out`, stderr
// (where it logs the page's console) to `log`. Stopped by its pid if it outlives 90 s.
int chromium(const std::vector<std::string>& extra, const fs::path& page, const fs::path& out, const fs::path& log) {
  std::vector<std::string> args = {"/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                                   "--disable-quic", "--no-first-run", "--disable-background-networking",
                                   "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0",
                                   "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
                                   "--user-data-dir=" + (scratch_dir() / "profile").string(),
                                   "--virtual-time-budget=15000"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back("file://" + page.string());
  const pid_t pid = fork();
  if (pid == 0) {
    std::freopen(out.c_str(), "w", stdout);
    std::freopen(log.c_str(), "w", stderr);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  for (int waited_ms = 0; waitpid(pid, &status, WNOHANG) == 0; waited_ms += 50) {
    if (waited_ms > 90000) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -1;
    }
    usleep(50000);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(Report, EveryChartRendersInHeadlessChromiumWithoutAConsoleMessage) {
  ASSERT_TRUE(fs::exists("/usr/bin/chromium")) << "scripts/bootstrap.sh installs chromium";
  for (const auto& [kind, extra] : {std::pair{"run", ""}, std::pair{"replicated", "--replications 3"},
                                    std::pair{"compare", ""}, std::pair{"sweep", ""}, std::pair{"map", ""}}) {
    const bool compare = std::string(kind) == "compare", sweep = std::string(kind) == "sweep",
               map = std::string(kind) == "map";
    fs::path page = compare || sweep || map ? scratch_dir() / (std::string(kind) + ".html")
                                            : result_of(kind, extra) / "report.html";
    if (compare || sweep || map) {
      const fs::path result = compare ? compare_result() : sweep ? sweep_result() : map_result();
      ASSERT_EQ(run_cli("report " + result.string() + " -o " + page.string()).exit_code, 0);
    }
    const int expected = charts_in(read_file(page));
    EXPECT_EQ(expected, compare ? kCompareCharts : sweep ? kSweepCharts : map ? kMapCharts : kCharts) << kind;
    const fs::path dom = scratch_dir() / "dom.html", log = scratch_dir() / "console.log";
    ASSERT_EQ(chromium({"--dump-dom"}, page, dom, log), 0) << read_file(log);
    const std::string rendered = read_file(dom);
    EXPECT_NE(rendered.find("data-rendered=\"" + std::to_string(expected) + "\""), std::string::npos) << kind;
    const std::regex marks("<svg[^>]*class=\"marks\"");
    EXPECT_EQ(std::distance(std::sregex_iterator(rendered.begin(), rendered.end(), marks), std::sregex_iterator()),
              expected)
        << kind;
    const std::string console = read_file(log);
    EXPECT_EQ(console.find(":CONSOLE"), std::string::npos) << kind << ": " << console;
    // Kept for a look: build/report_screenshots/<kind>.png (the build directory of the binary).
    const fs::path shots = fs::path(CACHESTORM_BINARY).parent_path() / "report_screenshots";
    fs::create_directories(shots);
    const fs::path shot = shots / (std::string(kind) + ".png");
    fs::remove(shot);
    ASSERT_EQ(chromium({"--window-size=1000,2400", "--screenshot=" + shot.string()}, page, scratch_dir() / "o", log), 0);
    const std::string png = read_file(shot);
    ASSERT_GT(png.size(), 8u);
    EXPECT_EQ(png.substr(1, 3), "PNG");
    std::ofstream(scratch_dir() / "blank.html") << "<!DOCTYPE html><html><body></body></html>";
    const fs::path blank = scratch_dir() / "blank.png";
    ASSERT_EQ(chromium({"--window-size=1000,2400", "--screenshot=" + blank.string()}, scratch_dir() / "blank.html",
                       scratch_dir() / "o", log), 0);
    EXPECT_GT(png.size(), 5 * read_file(blank).size()) << kind << ": the screenshot looks blank";
  }
  fs::remove_all(scratch_dir());
}

TEST(Report, ThePageLoadsNothingAndNamesNoUrlAroundTheLibraries) {
  const std::string html = read_file(result_of("run", "") / "report.html");
  EXPECT_LT(html.size(), 5u << 20);
  // What the page adds: everything but the three inlined libraries.
  std::string own = html;
  int libraries = 0;
  for (size_t at = own.find("<script data-library="); at != std::string::npos; at = own.find("<script data-library=")) {
    own.erase(at, own.find("</script>", at) + 9 - at);
    ++libraries;
  }
  EXPECT_EQ(libraries, 3);
  for (const char* word : {"http://", "https://", "src=", "href=", "url(", "@import", "fetch(", "XMLHttpRequest"})
    EXPECT_EQ(own.find(word), std::string::npos) << word;
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  fs::remove_all(scratch_dir());
}

uint32_t png_width(const std::string& png) {  // IHDR: width at bytes 16..19, big-endian
  return (static_cast<uint8_t>(png[16]) << 24) | (static_cast<uint8_t>(png[17]) << 16) |
         (static_cast<uint8_t>(png[18]) << 8) | static_cast<uint8_t>(png[19]);
}

// --svg: each chart as SVG (vega's renderer under node) and PNG (rsvg-convert), far from blank:
// several times the bytes of a white PNG of the same size; --markdown: report.md shows them all.
TEST(Report, SvgAndPngExportHasEveryChartAndMarkdownShowsThem) {
  const fs::path out = result_of("run", "");
  const fs::path dir = scratch_dir() / "charts";
  const auto report = run_cli("report " + out.string() + " -o " + (scratch_dir() / "r.html").string() + " --svg " +
                              dir.string() + " --markdown");
  ASSERT_EQ(report.exit_code, 0) << report.stderr_text;
  const std::string markdown = read_file(dir / "report.md");
  int charts = 0;
  for (const auto& file : fs::directory_iterator(dir)) {
    if (file.path().extension() != ".svg") continue;
    ++charts;
    const std::string svg = read_file(file.path());
    EXPECT_EQ(svg.rfind("<svg", 0), 0u) << file.path();
    EXPECT_NE(svg.find("<path"), std::string::npos) << file.path();
    const fs::path png_path = fs::path(file.path()).replace_extension(".png");
    const std::string png = read_file(png_path);
    ASSERT_GT(png.size(), 24u) << png_path;
    EXPECT_EQ(png.substr(1, 3), "PNG");
    EXPECT_GE(png_width(png), 700u) << "a 760-pixel plot with its axis and legend";
    const std::regex size("width=\"([0-9.]+)\" height=\"([0-9.]+)\"");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(svg, m, size));
    const fs::path blank = scratch_dir() / "blank.svg";
    std::ofstream(blank) << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << m[1] << "\" height=\"" << m[2]
                         << "\"></svg>";
    ASSERT_EQ(std::system(("rsvg-convert --background-color=white -o " + (scratch_dir() / "blank.png").string() + " " +
                           blank.string()).c_str()), 0);
    EXPECT_GT(png.size(), 4 * read_file(scratch_dir() / "blank.png").size()) << png_path << " looks blank";
    EXPECT_NE(markdown.find("(" + png_path.filename().string() + ")"), std::string::npos);
  }
  EXPECT_EQ(charts, kCharts);
  const auto again = run_cli("report " + out.string() + " -o " + (scratch_dir() / "r2.html").string() + " --svg " +
                             dir.string());
  EXPECT_EQ(again.exit_code, 73) << "an existing --svg directory is never replaced";
  EXPECT_FALSE(fs::exists(scratch_dir() / "r2.html"));
  fs::remove_all(scratch_dir());
}

TEST(Report, VerdictsShowEachAssertionWithItsIntervalAndVerdict) {
  const fs::path out = scratch_dir() / "asserted";
  const auto run = run_cli("run " + (kSource / "tests/golden_report/outage.json").string() +
                           " -q --report --replications 3 --assert 'latency_s.p99<0.5' --assert "
                           "'requests.hit_ratio>0.9' --out " + out.string());
  EXPECT_EQ(run.exit_code, 99) << "the hit ratio (~0.62) breaks its assertion; results and report are written";
  const std::string html = read_file(out / "report.html");
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  const auto& p99 = summary["metrics"]["latency_s.p99"];
  char interval[96];
  std::snprintf(interval, sizeof interval, "[%.6g, %.6g]", p99["ci_low"].get<double>(), p99["ci_high"].get<double>());
  EXPECT_NE(html.find("<code>latency_s.p99&lt;0.5</code>"), std::string::npos);
  EXPECT_NE(html.find(interval), std::string::npos) << interval;
  EXPECT_NE(html.find("class=\"pass\">pass"), std::string::npos);
  EXPECT_NE(html.find("class=\"fail\">FAIL"), std::string::npos);
  fs::remove_all(scratch_dir());
}

TEST(Report, AMissingOrCutResultFileIsExit66AndWritesNothing) {
  const fs::path empty = scratch_dir() / "empty";
  fs::create_directories(empty);
  const fs::path page = scratch_dir() / "r.html";
  const auto report = run_cli("report " + empty.string() + " -o " + page.string());
  EXPECT_EQ(report.exit_code, 66);
  EXPECT_NE(report.stderr_text.find("summary.json: cannot be read"), std::string::npos) << report.stderr_text;
  EXPECT_FALSE(fs::exists(page));
  const fs::path run = result_of("run", "");
  std::ofstream(run / "timeseries.csv", std::ios::app) << "12,latency_p99\n";  // a row cut short
  const auto cut = run_cli("report " + run.string() + " -o " + page.string());
  EXPECT_EQ(cut.exit_code, 66);
  EXPECT_NE(cut.stderr_text.find("timeseries.csv: a row that is not"), std::string::npos) << cut.stderr_text;
  EXPECT_FALSE(fs::exists(page));
  fs::remove_all(scratch_dir());
}

}  // namespace
}  // namespace cachestorm
