"""Prints the README's failover table from run summaries.

Usage: failover_table.py RESULTS_DIR...   (each a `cachestorm run` output directory of a scenario
with one cache_down fault, faults.0). One row per run. Called by scripts/failover_table.sh.
"""
import json
import sys


def row(directory):
    summary = json.load(open(f"{directory}/summary.json"))
    incident = summary["failover"]["faults.0"]
    requests = summary["requests"]
    failed = requests["errors"] + requests["client_timeouts"]
    window = summary["windows"]["incident"]
    return "| {} | {:.0f} | {:.1f} | {:.1f} | {:.1f} | {:.1f} | {} | {} |".format(
        summary["scenario"], incident["origin_peak_queries_per_s"], incident["unavailable_s"],
        incident["client_unavailable_s"], 1000 * summary["latency_s"]["p99"], 1000 * window["latency_s"]["p99"],
        failed, incident["writes_lost"])


print("| scenario | origin peak queries/s | slots without a primary s | unreachable to clients s "
      "| client p99 ms | p99 in the incident ms | errors + timeouts | writes lost |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for directory in sys.argv[1:]:
    print(row(directory))
