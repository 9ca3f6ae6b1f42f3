"""Prints the README's strategy comparison table from run summaries.

Usage: strategy_table.py RESULTS_DIR...   (each a `cachestorm run` output directory)
One row per run; the hot class is the first key class. Called by scripts/strategy_table.sh.
"""
import json
import sys


def row(directory):
    summary = json.load(open(f"{directory}/summary.json"))
    scenario = json.load(open(f"{directory}/scenario.json"))
    first = scenario["workload"]["key_classes"][0]["name"]
    hot = summary["key_classes"][first]
    per_refill = hot["stampede"]["fetches_per_refill"] or {"mean": 0, "max": 0}
    requests = summary["requests"]
    failed = requests["errors"] + requests["client_timeouts"]
    return "| {} | {} | {} | {:.1f} | {:.0f} | {:.1f} | {:.1f} | {} | {} | {} |".format(
        summary["scenario"], summary["origin"]["queries_arrived"], summary["origin"]["busy_peak"],
        per_refill["mean"], per_refill["max"], 1000 * summary["latency_s"]["p99"], 1000 * summary["latency_s"]["p999"],
        failed, hot["stale"]["served"], hot["breaker"]["refused"])


print("| scenario | origin queries | origin busy peak | hot fetches per refill (mean) | (max) "
      "| client p99 ms | p99.9 ms | errors + timeouts | stale reads | breaker refusals |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for directory in sys.argv[1:]:
    print(row(directory))
