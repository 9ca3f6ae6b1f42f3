// The chart of a vulnerability map's report (cachestorm report on the directory
// scripts/vulnerability_map.py writes, with map.json): for each mitigation variant, the smallest
// trigger that left the system down against the offered load, with the span between the largest
// trigger survived and it (where the boundary lies, at the search's resolution). A load at which
// even the axis's top is survived is drawn at the top as "survives all"; one at which even its
// bottom is not, at the bottom as "down at the bottom"; where the replications could not tell,
// at the largest survived as "undecided above" (the span reaching the smallest down, if any). Points are not joined: between two loads
// nothing was measured. Plain JSON building, as report_charts.hpp.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/report_charts.hpp"

namespace cachestorm::analysis {

std::vector<ReportChart> map_charts(const nlohmann::json& map);  // map.json

}  // namespace cachestorm::analysis
