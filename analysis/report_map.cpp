#include "analysis/report_map.hpp"

namespace cachestorm::analysis {
namespace {

using nlohmann::json;

// One row per cell: where its point goes (y), the span of the boundary (lo to hi) and what it is.
json rows_of(const json& map) {
  const double low = map.value("trigger_low", 0.0), high = map.value("trigger_high", 0.0);
  json rows = json::array();
  for (const json& c : map.value("cells", json::array())) {
    const json survived = c.value("largest_survived", json(nullptr)), down = c.value("smallest_down", json(nullptr));
    json row = {{"load", c["load"]}, {"variant", c["variant"]}, {"largest_survived", survived}, {"smallest_down", down}};
    const std::string outcome = c.value("outcome", std::string("found"));
    if (outcome == "undecided" || outcome == "not_proved") {  // the replications could not tell
      row["y"] = row["lo"] = survived.is_number() ? survived : json(low);
      row["hi"] = down.is_number() ? down : json(high);
      row["outcome"] = "undecided above this trigger";
    } else if (down.is_number()) {
      row["y"] = down;
      row["lo"] = survived.is_number() ? survived : json(low);
      row["hi"] = down;
      row["outcome"] = survived.is_number() ? "down from this trigger" : "down at the bottom";
    } else {
      row["y"] = row["lo"] = row["hi"] = high;
      row["outcome"] = "survives all";
    }
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

std::vector<ReportChart> map_charts(const json& map) {
  const json rows = rows_of(map);
  if (rows.empty()) return {};
  const std::string load = map.value("load", std::string("load")), trigger = map.value("trigger", std::string("trigger"));
  const json x = {{"field", "load"}, {"type", "quantitative"}, {"title", load}, {"scale", {{"zero", false}}}};
  const json color = {{"field", "variant"}, {"type", "nominal"}, {"title", "variant"}};
  const json shape = {{"field", "outcome"}, {"type", "nominal"}, {"title", "outcome"},
                      {"scale", {{"domain", {"down from this trigger", "down at the bottom", "survives all",
                                             "undecided above this trigger"}},
                                 {"range", {"circle", "square", "triangle-up", "diamond"}}}}};
  const json tooltip = json::array({{{"field", "variant"}}, {{"field", "load"}}, {{"field", "largest_survived"}},
                                    {{"field", "smallest_down"}}, {{"field", "outcome"}}});
  json spec = {
      {"title", {{"text", "Smallest " + trigger + " that leaves it down, against " + load},
                 {"subtitle", "per variant; the bar spans the largest trigger survived to the smallest that was not "
                              "(recovery." + map.value("incident", std::string("faults.0")) + ".down_at_end)"}}},
      {"width", 700}, {"height", 300}, {"data", {{"values", rows}}},
      {"layer", json::array({{{"mark", {{"type", "rule"}, {"strokeWidth", 3}, {"opacity", 0.5}}},
                              {"encoding", {{"x", x}, {"y", {{"field", "lo"}, {"type", "quantitative"}, {"title", trigger}}},
                                            {"y2", {{"field", "hi"}}}, {"color", color}}}},
                             {{"mark", {{"type", "point"}, {"filled", true}, {"size", 80}}},
                              {"encoding", {{"x", x}, {"y", {{"field", "y"}, {"type", "quantitative"}}}, {"color", color},
                                            {"shape", shape}, {"tooltip", tooltip}}}}})}};
  return {{"vulnerability_map", spec}};
}

}  // namespace cachestorm::analysis
