#include "cli/report_command.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

#include "analysis/report_charts.hpp"
#include "analysis/report_compare.hpp"
#include "analysis/report_map.hpp"
#include "analysis/report_sweep.hpp"
#include "analysis/report_html.hpp"
#include "cli/report_export.hpp"
#include "run/exit_codes.hpp"
#include "run/new_file.hpp"
#include "run/output_dir.hpp"

#ifndef CACHESTORM_WEB_DIR
#define CACHESTORM_WEB_DIR ""
#endif

namespace cachestorm::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Unreadable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Unreadable(path.string() + ": cannot be read");
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

json parsed(const fs::path& path) {
  try {
    return json::parse(slurp(path));
  } catch (const json::exception& e) {
    throw Unreadable(path.string() + ": not valid JSON (" + e.what() + ")");
  }
}

// timeseries.csv: [replication,]t_s,metric,label,value,unit; a label holds no comma before the
// value, so the row is split from both ends.
void read_series(const fs::path& path, analysis::ReportSeries& series) {
  std::istringstream in(slurp(path));
  std::string line;
  std::getline(in, line);
  const bool replicated = line.rfind("replication,", 0) == 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (std::count(line.begin(), line.end(), ',') < (replicated ? 5 : 4)) throw std::out_of_range("a short row");
    const size_t unit = line.rfind(',');
    const size_t value = line.rfind(',', unit - 1);
    size_t at = 0;
    uint32_t replication = 0;
    if (replicated) {
      replication = static_cast<uint32_t>(std::stoul(line.substr(0, line.find(','))));
      at = line.find(',') + 1;
    }
    const size_t t_end = line.find(',', at);
    const size_t metric_end = line.find(',', t_end + 1);
    series.add(replication, std::stod(line.substr(at, t_end - at)), line.substr(t_end + 1, metric_end - t_end - 1),
               line.substr(metric_end + 1, value - metric_end - 1), std::stod(line.substr(value + 1, unit - value - 1)));
  }
  series.finish();
}

analysis::ReportInput read_files(const fs::path& dir);

analysis::ReportInput read_input(const fs::path& dir) {
  try {
    return read_files(dir);
  } catch (const json::exception& e) {
    throw Unreadable(dir.string() + ": a result file is not as cachestorm writes it (" + e.what() + ")");
  } catch (const std::logic_error&) {  // std::stod's invalid_argument, a short row's out_of_range
    throw Unreadable((dir / "timeseries.csv").string() + ": a row that is not [replication,]t_s,metric,label,value,unit");
  }
}

analysis::ReportInput read_files(const fs::path& dir) {
  analysis::ReportInput input;
  input.summary = parsed(dir / "summary.json");
  input.scenario = parsed(dir / "scenario.json");
  input.manifest = parsed(dir / "manifest.json");
  if (fs::exists(dir / "events.jsonl")) {
    std::istringstream events(slurp(dir / "events.jsonl"));
    for (std::string line; std::getline(events, line);)
      if (!line.empty()) input.events.push_back(json::parse(line));
  }
  read_series(dir / "timeseries.csv", input.series);
  return input;
}

fs::path web_modules() {
  const char* env = std::getenv("CACHESTORM_WEB_DIR");
  return env != nullptr && *env != '\0' ? fs::path(env) : fs::path(CACHESTORM_WEB_DIR);
}

analysis::ReportScripts read_scripts() {
  const fs::path modules = web_modules();
  try {
    return {slurp(modules / "vega/build/vega.min.js"), slurp(modules / "vega-lite/build/vega-lite.min.js"),
            slurp(modules / "vega-embed/build/vega-embed.min.js")};
  } catch (const Unreadable& e) {
    throw Unreadable(std::string(e.what()) + " (the chart libraries: run scripts/bootstrap.sh, or set CACHESTORM_WEB_DIR)");
  }
}

// A report made: its charts, its page, and what report.md says beside the charts.
struct Built {
  std::vector<analysis::ReportChart> charts;
  std::string html;
  analysis::ReportInput text;
};

Built build_run(const fs::path& dir) {
  Built built;
  built.text = read_input(dir);
  built.charts = analysis::report_charts(built.text);
  built.html = analysis::report_html(built.text, built.charts, read_scripts());
  return built;
}

// compare.json, scenarios.json, manifest.json and each variant's time series.
Built build_compare(const fs::path& dir) {
  analysis::CompareReportInput input;
  try {
    input.compare = parsed(dir / "compare.json");
    input.scenarios = parsed(dir / "scenarios.json");
    input.manifest = parsed(dir / "manifest.json");
    for (const json& variant : input.manifest.at("variants")) {
      const std::string name = variant.at("name").get<std::string>();
      input.variants.push_back(name);
      read_series(dir / variant.at("timeseries").get<std::string>(), input.series[name]);
    }
  } catch (const json::exception& e) {
    throw Unreadable(dir.string() + ": a compare file is not as cachestorm writes it (" + e.what() + ")");
  } catch (const std::logic_error&) {
    throw Unreadable(dir.string() + ": a variant's time series has a row that is not as cachestorm writes it");
  }
  if (input.variants.empty()) throw Unreadable((dir / "manifest.json").string() + ": no variants");
  Built built;
  built.charts = analysis::compare_charts(input);
  built.html = analysis::compare_html(input, built.charts, read_scripts());
  built.text.scenario = input.scenarios.value(input.variants.front(), json::object());
  built.text.manifest = input.manifest;
  if (json list = analysis::compare_assertions(input); !list.empty()) built.text.summary["assertions"] = std::move(list);
  return built;
}

// A result of several runs described by one file beside manifest.json: `kind`.json (its name
// under "scenario", else `kind`), drawn by `charts_of` and laid out by `html_of`.
template <class Charts, class Html>
Built build_described(const fs::path& dir, const std::string& kind, Charts charts_of, Html html_of) {
  const json described = parsed(dir / (kind + ".json"));
  Built built;
  built.text.manifest = parsed(dir / "manifest.json");
  built.text.scenario = {{"name", described.value("scenario", kind)}};
  built.charts = charts_of(described);
  built.html = html_of(described, built.text.manifest, built.charts, read_scripts());
  return built;
}

// sweep.json: the sizing curves or heat maps.
Built build_sweep(const fs::path& dir) {
  return build_described(dir, "sweep", analysis::sweep_charts, analysis::sweep_html);
}

// map.json (scripts/vulnerability_map.py): the smallest trigger left down per load.
Built build_map(const fs::path& dir) { return build_described(dir, "map", analysis::map_charts, analysis::map_html); }

// plan.json: each variant's answer and the values judged on the way.
Built build_plan(const fs::path& dir) {
  return build_described(dir, "plan", analysis::plan_charts, analysis::plan_html);
}

// The charts as SVG and PNG (and report.md) in a new directory: built beside it, then renamed.
void write_exports(const ReportOptions& options, const analysis::ReportInput& input,
                   const std::vector<analysis::ReportChart>& charts) {
  if (fs::exists(options.svg_dir)) throw run::OutputError(options.svg_dir + ": exists; give a new directory for --svg");
  const fs::path partial = options.svg_dir + ".partial-" + std::to_string(getpid());
  fs::create_directories(partial);
  try {
    export_charts(charts, partial.string(), web_modules().string());
    if (options.markdown) write_markdown(input, charts, partial.string());
    fs::rename(partial, options.svg_dir);
  } catch (...) {
    fs::remove_all(partial);
    throw;
  }
}

int write(const ReportOptions& options) {
  const std::string& dir = options.result_dir;
  const std::string& output = options.output;
  const std::string& specs_dir = options.specs_dir;
  try {
    run::refuse_existing_file(output);
    const Built built = fs::exists(fs::path(dir) / "compare.json") ? build_compare(dir)
                        : fs::exists(fs::path(dir) / "sweep.json")  ? build_sweep(dir)
                        : fs::exists(fs::path(dir) / "plan.json")   ? build_plan(dir)
                        : fs::exists(fs::path(dir) / "map.json")    ? build_map(dir)
                                                                     : build_run(dir);
    const analysis::ReportInput& input = built.text;
    const std::vector<analysis::ReportChart>& charts = built.charts;
    const std::string& html = built.html;
    if (!options.svg_dir.empty()) write_exports(options, input, charts);
    if (!specs_dir.empty()) {
      fs::create_directories(specs_dir);
      for (const auto& chart : charts) run::write_new_file((fs::path(specs_dir) / (chart.id + ".vl.json")).string(), chart.spec.dump(1) + "\n");
    }
    run::write_new_file(output, html);
    return kExitOk;
  } catch (const Unreadable& e) {
    std::fprintf(stderr, "cachestorm report: %s\n", e.what());
    return kExitNoInput;
  } catch (const json::exception& e) {  // a result file parsed but not shaped as cachestorm writes it
    std::fprintf(stderr, "cachestorm report: %s: a result file is not as cachestorm writes it (%s)\n", dir.c_str(),
                 e.what());
    return kExitNoInput;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cachestorm report: %s\n", e.what());
    return kExitCannotWrite;
  }
}

}  // namespace

std::string report_scripts_missing() {
  try {
    read_scripts();
    return "";
  } catch (const Unreadable& e) {
    return e.what();
  }
}

int report_command(const ReportOptions& options) {
  if (options.markdown && options.svg_dir.empty()) {
    std::fprintf(stderr, "cachestorm report: --markdown writes report.md beside the chart images: give --svg DIR\n");
    return kExitUsage;
  }
  return write(options);
}

int write_report_beside(const std::string& result_dir) {
  ReportOptions options;
  options.result_dir = result_dir;
  options.output = (fs::path(result_dir) / "report.html").string();
  return write(options);
}

}  // namespace cachestorm::cli
