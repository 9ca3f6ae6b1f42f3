#include "analysis/report_html.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <stdexcept>
#include <sstream>

namespace cachestorm::analysis {
namespace {

using nlohmann::json;

std::string escaped(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// JSON safe inside <script>: "</" occurs only inside strings, where "<\/" means the same.
std::string json_in_script(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] == '<' && i + 1 < text.size() && text[i + 1] == '/') out += '\\';
  }
  return out;
}

// A bundle inlined as it is: it must not hold "</script" (which would end the element early).
const std::string& checked_bundle(const std::string& code) {
  std::string lower = code;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower.find("</script") != std::string::npos)
    throw std::runtime_error("a chart library bundle holds \"</script\" and cannot be inlined");
  return code;
}

std::string cell(const json& value) {
  if (value.is_null()) return "&ndash;";
  if (value.is_string()) return escaped(value.get<std::string>());
  if (value.is_number_float()) {  // 6 significant digits: what a reader compares
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", value.get<double>());
    return text;
  }
  return escaped(value.dump());
}

std::string verdicts(const json& summary) {
  if (!summary.contains("assertions")) return "<p>No <code>--assert</code> was given for this result.</p>\n";
  std::ostringstream out;
  out << "<table><tr><th>assertion</th><th>judged on</th><th>value</th><th>95 % interval</th><th>verdict</th></tr>\n";
  for (const json& a : summary["assertions"]) {
    const bool passed = a.value("passed", false);
    const std::string text = a.value("assert", std::string());
    // A replicated result's interval of the metric the assertion names (none for a single run).
    const json metric = summary.value("metrics", json::object()).value(text.substr(0, text.find_first_of("<>")), json::object());
    std::string interval = "&ndash;";
    if (metric.contains("ci_low")) {
      std::ostringstream bounds;
      bounds << '[' << cell(metric["ci_low"]) << ", " << cell(metric["ci_high"]) << ']';
      interval = bounds.str();
    }
    out << "<tr><td><code>" << escaped(text) << "</code></td><td>" << cell(a.value("judged_on", json(nullptr)))
        << "</td><td>" << cell(a.value("value", json(nullptr))) << "</td><td>" << interval << "</td><td class=\""
        << (passed ? "pass\">pass" : "fail\">FAIL") << "</td></tr>\n";
  }
  out << "</table>\n";
  return out.str();
}

// The value at a dotted path ("requests.total"), or null.
json at_path(const json& root, const std::string& path) {
  const json* at = &root;
  size_t from = 0;
  while (from <= path.size()) {
    const size_t dot = std::min(path.find('.', from), path.size());
    const std::string key = path.substr(from, dot - from);
    if (!at->is_object() || !at->contains(key)) return nullptr;
    at = &(*at)[key];
    from = dot + 1;
  }
  return *at;
}

// The figures a reader looks for first, from the summary (a replicated run's means).
std::string key_figures(const json& summary) {
  const std::vector<std::pair<const char*, const char*>> wanted = {
      {"requests.total", "requests"},         {"requests.hit_ratio", "hit ratio as clients saw it"},
      {"latency_s.p50", "latency p50 (s)"},   {"latency_s.p99", "latency p99 (s)"},
      {"requests.errors", "errors"},          {"requests.client_timeouts", "client timeouts"},
      {"origin.queries_arrived", "origin queries"}, {"origin.busy_peak", "origin busy connections (peak)"}};
  std::ostringstream out;
  out << "<table><tr><th>figure</th><th>value</th></tr>\n";
  for (const auto& [path, label] : wanted) {
    const json value = summary.contains("metrics") ? summary["metrics"].value(path, json::object()).value("mean", json(nullptr))
                                                   : at_path(summary, path);
    out << "<tr><td>" << label << "</td><td>" << cell(value) << "</td></tr>\n";
  }
  out << "</table>\n";
  return out.str();
}

std::string provenance(const json& manifest) {
  std::ostringstream out;
  std::string command;
  for (const json& arg : manifest.value("command_line", json::array())) {
    if (!command.empty()) command += ' ';
    command += arg.get<std::string>();
  }
  out << "<footer><p>cachestorm " << cell(manifest.value("cachestorm_version", json(nullptr))) << ", commit "
      << cell(manifest.value("git_commit", json(nullptr))) << ", seed " << cell(manifest.value("seed", json(nullptr)))
      << ", replications " << cell(manifest.value("replications", json(nullptr))) << ", SimGrid "
      << cell(manifest.value("simgrid_version", json(nullptr))) << "</p><p>command line: <code>" << escaped(command)
      << "</code></p></footer>\n";
  return out.str();
}

const char* const kStyle =
    "body{font-family:sans-serif;max-width:900px;margin:1em auto;color:#222}"
    "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}"
    ".pass{color:#2a7d2a}.fail{color:#c00;font-weight:bold}pre{background:#f6f6f6;padding:.5em;overflow:auto;"
    "max-height:30em}.chart{margin:1em 0}footer{color:#666;font-size:90%;border-top:1px solid #ccc}";


// The page around its middle part: head (libraries inlined), title and description, then
// `middle`, the charts' places, the scenario as run, the provenance and the embedding script.
std::string page(const json& scenario, const json& manifest, const std::string& middle,
                 const std::vector<ReportChart>& charts, const ReportScripts& scripts) {
  const std::string name = scenario.value("name", std::string("unnamed"));
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>cachestorm report: "
      << escaped(name) << "</title>\n<style>" << kStyle << "</style>\n";
  for (const auto& [library, bundle] : {std::pair{"vega", &scripts.vega}, std::pair{"vega-lite", &scripts.vega_lite},
                                        std::pair{"vega-embed", &scripts.vega_embed}})
    out << "<script data-library=\"" << library << "\">" << checked_bundle(*bundle) << "</script>\n";
  out << "</head><body>\n<h1>" << escaped(name) << "</h1>\n<p>" << escaped(scenario.value("description", std::string()))
      << "</p>\n" << middle;
  json specs = json::array();
  for (const ReportChart& c : charts) {
    out << "<div class=\"chart\" id=\"chart-" << escaped(c.id) << "\"></div>\n";
    specs.push_back({{"id", c.id}, {"spec", c.spec}});
  }
  if (scenario.size() > 1) out << "<h2>The scenario as run</h2>\n<pre>" << escaped(scenario.dump(2)) << "</pre>\n";
  out << provenance(manifest);
  out << "<script>\nconst charts = " << json_in_script(specs.dump()) << ";\n"
      << "Promise.all(charts.map(c => vegaEmbed('#chart-' + c.id, c.spec, {mode: 'vega-lite', renderer: 'svg', "
         "actions: false})))\n"
         "  .then(() => { document.body.dataset.renderMs = String(Math.round(performance.now()));\n"
         "               document.body.dataset.rendered = String(charts.length); })\n"
         "  .catch(e => { document.body.dataset.failed = String(e); console.error(e); });\n</script>\n";
  out << "</body></html>\n";
  return out.str();
}

// Each variant's key figures: mean [95 % interval].
std::string variant_figures(const CompareReportInput& input) {
  std::ostringstream out;
  out << "<table><tr><th>metric</th>";
  for (const std::string& v : input.variants) out << "<th>" << escaped(v) << "</th>";
  out << "</tr>\n";
  for (const std::string& metric : compare_key_metrics(input.compare)) {
    out << "<tr><td>" << escaped(metric) << "</td>";
    for (const std::string& v : input.variants) {
      const json& m = input.compare["variants"][v].value(metric, json::object());
      out << "<td>" << cell(m.value("mean", json(nullptr))) << " [" << cell(m.value("ci_low", json(nullptr))) << ", "
          << cell(m.value("ci_high", json(nullptr))) << "]</td>";
    }
    out << "</tr>\n";
  }
  out << "</table>\n";
  return out.str();
}

}  // namespace

std::string report_html(const ReportInput& input, const std::vector<ReportChart>& charts, const ReportScripts& scripts) {
  const std::string middle = "<h2>Verdicts</h2>\n" + verdicts(input.summary) + "<h2>Key figures</h2>\n" +
                             key_figures(input.summary) +
                             "<h2>Over time</h2>\n<p>Shaded red: the scenario's faults; orange: a circuit breaker was "
                             "open; dashed grey rules: the cache tier's state changes.</p>\n";
  return page(input.scenario, input.manifest, middle, charts, scripts);
}

std::string compare_html(const CompareReportInput& input, const std::vector<ReportChart>& charts,
                         const ReportScripts& scripts) {
  json flat = json::object();
  if (json list = compare_assertions(input); !list.empty()) flat["assertions"] = std::move(list);
  const std::string middle = "<h2>Verdicts</h2>\n" + verdicts(flat) + "<h2>Variants</h2>\n<p>Baseline: " +
                             escaped(input.variants.front()) + "; " + std::to_string(input.compare.value("replications", 0)) +
                             " replications each, paired on common random numbers.</p>\n" + variant_figures(input);
  const json& baseline = input.scenarios.value(input.variants.front(), json::object());
  return page(baseline, input.manifest, middle, charts, scripts);
}

std::string sweep_html(const json& sweep, const json& manifest, const std::vector<ReportChart>& charts,
                       const ReportScripts& scripts) {
  std::string axes;
  for (const json& axis : sweep.value("axes", json::array())) axes += (axes.empty() ? "" : ", ") + axis.get<std::string>();
  const std::string middle = "<h2>Sweep</h2>\n<p>" + std::to_string(sweep.value("points", json::array()).size()) +
                             " points over " + escaped(axes) + ", " + std::to_string(sweep.value("replications", 0)) +
                             " replications each (common random numbers across points).</p>\n";
  return page({{"name", sweep.value("scenario", std::string("sweep"))}}, manifest, middle, charts, scripts);
}

std::string map_html(const json& map, const json& manifest, const std::vector<ReportChart>& charts,
                     const ReportScripts& scripts) {
  std::string middle = "<h2>Vulnerability map</h2>\n<p>For each " + escaped(map.value("load", std::string("load"))) +
                       ", the smallest " + escaped(map.value("trigger", std::string("trigger"))) + " on [" +
                       cell(map.value("trigger_low", json(nullptr))) + ", " + cell(map.value("trigger_high", json(nullptr))) +
                       "] that leaves recovery." + escaped(map.value("incident", std::string())) +
                       " down at the end of the run, " + cell(map.value("replications", json(nullptr))) +
                       " replications per value.</p>\n<table><tr><th>load</th><th>variant</th><th>largest survived</th>"
                       "<th>smallest down</th></tr>\n";
  for (const json& c : map.value("cells", json::array())) {
    const std::string outcome = c.value("outcome", std::string("found"));
    const json down = c.value("smallest_down", json(nullptr));
    const std::string down_text = outcome == "undecided" || outcome == "not_proved"
                                      ? "undecided" + (down.is_null() ? std::string() : " (down at " + cell(down) + ")")
                                      : down.is_null() ? std::string("survives all") : cell(down);
    middle += "<tr><td>" + cell(c.value("load", json(nullptr))) + "</td><td>" + escaped(c.value("variant", std::string())) +
              "</td><td>" + cell(c.value("largest_survived", json(nullptr))) + "</td><td>" + down_text + "</td></tr>\n";
  }
  middle += "</table>\n";
  return page({{"name", map.value("scenario", std::string("map"))}}, manifest, middle, charts, scripts);
}

std::string plan_html(const json& plan, const json& manifest, const std::vector<ReportChart>& charts,
                      const ReportScripts& scripts) {
  std::string middle = "<h2>Answers</h2>\n<table><tr><th>variant</th><th>outcome</th><th>answer</th>"
                       "<th>origin headroom at it</th></tr>\n";
  for (const json& v : plan.value("variants", json::array()))
    middle += "<tr><td>" + escaped(v.value("variant", std::string())) + "</td><td>" +
              escaped(v.value("outcome", std::string())) + "</td><td>" + escaped(v.value("answer", json(nullptr)).dump()) +
              "</td><td>" + escaped(v.value("headroom", json(nullptr)).dump()) + "</td></tr>\n";
  middle += "</table>\n<p>Axis " + escaped(plan.value("axis", std::string())) +
            (plan.value("largest", false) ? ", the largest" : ", the smallest") + " value meeting every assertion.</p>\n";
  return page({{"name", plan.value("scenario", std::string("plan"))}}, manifest, middle, charts, scripts);
}

}  // namespace cachestorm::analysis
