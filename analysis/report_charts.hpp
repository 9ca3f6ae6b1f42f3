// The charts of a capacity-planning report, as Vega-Lite (v6) specs with their data inline, for a
// run or a replicated run (cachestorm report, run --report). Each chart is a time series over the
// simulated time with the scenario's faults drawn as shaded intervals (an instant fault, such as a
// flush, as a dashed rule), the spans in which any circuit breaker was not closed (shaded orange)
// and the cache tier's state changes from events.jsonl (failover phases, promotions, the cluster
// going down and up) as rules, on every chart:
//  - origin queries arrived per second;
//  - origin connections: the peak of busy ones per window, against the connection count (a rule);
//  - origin queue (its peak per window);
//  - the hit ratio as clients saw it (cache hits answered in time / requests);
//  - client latency p50 and p99 (every ended request);
//  - errors and client timeouts per request;
//  - with writes: stale reads per value served, the age of stale reads (p50, p99 per window, and
//    the whole run's p50, p99 and max), and the inconsistency windows closed and inconsistent
//    key-seconds per window;
//  - per-node utilisation (busy seconds per second): every node up to 8 nodes; beyond, the
//    busiest node, the median node and the 3 busiest over the run.
// A replicated run draws the mean over replications with a min-max band. Series longer than 720
// windows are drawn as means over buckets of ceil(windows / 720) windows (the subtitle says so).
// The specs carry no $schema (the page embeds them as Vega-Lite) and no URL. Plain JSON building.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/report_series.hpp"

namespace cachestorm::analysis {

// What a report is made from: a result directory's files, parsed.
struct ReportInput {
  nlohmann::json summary;   // summary.json
  nlohmann::json scenario;  // scenario.json (the scenario as run)
  nlohmann::json manifest;  // manifest.json (provenance)
  std::vector<nlohmann::json> events;  // events.jsonl, in order
  ReportSeries series;      // timeseries.csv (finished)
};

// One chart: an id for the page and its Vega-Lite spec.
struct ReportChart {
  std::string id;
  nlohmann::json spec;
};

// The charts of the result, in page order (those without data left out).
std::vector<ReportChart> report_charts(const ReportInput& input);

}  // namespace cachestorm::analysis
