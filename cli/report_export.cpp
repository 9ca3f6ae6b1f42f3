#include "cli/report_export.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace cachestorm::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Runs `args` (args[0] looked up on PATH) and waits for it; throws unless it exits 0.
void run_program(std::vector<std::string> args) {
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("cannot start " + args[0]);
  if (pid == 0) {
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error(args[0] + " failed (exit " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
                             (WIFEXITED(status) && WEXITSTATUS(status) == 127 ? ": not installed; run scripts/bootstrap.sh"
                                                                              : "") + ")");
}

std::string figure(const json& value) {
  if (value.is_null()) return "-";
  if (value.is_number_float()) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", value.get<double>());
    return text;
  }
  return value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace

void export_charts(const std::vector<analysis::ReportChart>& charts, const std::string& dir, const std::string& modules) {
  std::vector<std::string> node = {"node", (fs::path(modules).parent_path() / "export_svg.mjs").string(), dir};
  for (const auto& chart : charts) {
    const fs::path spec = fs::path(dir) / (chart.id + ".vl.json");
    std::ofstream(spec) << chart.spec.dump(1) << "\n";
    node.push_back(spec.string());
  }
  run_program(node);
  for (const auto& chart : charts) {
    const fs::path svg = fs::path(dir) / (chart.id + ".svg");
    run_program({"rsvg-convert", "--background-color=white", "-o", (fs::path(dir) / (chart.id + ".png")).string(),
                 svg.string()});
  }
}

void write_markdown(const analysis::ReportInput& input, const std::vector<analysis::ReportChart>& charts,
                    const std::string& dir) {
  std::ostringstream md;
  md << "# " << input.scenario.value("name", std::string("unnamed")) << "\n\n"
     << input.scenario.value("description", std::string()) << "\n\n## Verdicts\n\n";
  if (!input.summary.contains("assertions")) md << "No `--assert` was given for this result.\n";
  else md << "| assertion | judged on | value | verdict |\n|---|---|---:|---|\n";
  for (const json& a : input.summary.value("assertions", json::array()))
    md << "| `" << figure(a.value("assert", json(nullptr))) << "` | " << figure(a.value("judged_on", json(nullptr))) << " | "
       << figure(a.value("value", json(nullptr))) << " | " << (a.value("passed", false) ? "pass" : "**FAIL**") << " |\n";
  md << "\n## Over time\n\nShaded red: the scenario's faults; orange: a circuit breaker was open; dashed grey rules: the cache tier's state changes.\n\n";
  for (const auto& chart : charts) md << "![" << chart.id << "](" << chart.id << ".png)\n\n";
  const json& m = input.manifest;
  md << "---\ncachestorm " << figure(m.value("cachestorm_version", json(nullptr))) << ", commit "
     << figure(m.value("git_commit", json(nullptr))) << ", seed " << figure(m.value("seed", json(nullptr)))
     << ", replications " << figure(m.value("replications", json(nullptr))) << "\n";
  std::ofstream out(fs::path(dir) / "report.md");
  out << md.str();
  if (!out) throw std::runtime_error((fs::path(dir) / "report.md").string() + ": cannot be written");
}

}  // namespace cachestorm::cli
