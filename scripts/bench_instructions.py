#!/usr/bin/python3
"""The speed benchmark in the unit that decides speed targets: instructions per request.

For each scenario, cachestorm runs under `valgrind --tool=cachegrind --cache-sim=no` at two
horizons (default 20 s and 120 s, as the peer's figures). The steady-state cost per request is the difference of the two
runs' instruction counts over the difference of their requests, so start-up and the cold first
seconds cancel out; events per request are the same difference of the calendar events the run
reports. The fixed cost is the whole instruction count of a 1 s run (start-up, platform, tables,
output), the price a single short run pays. A sweep or SLO search forks its replications from one
process that has already loaded the libraries and built the key-popularity tables, so a
replication costs less: the next column is one replication of a 1 s run inside a replicated run
(`run --replications 2 --jobs 1` under callgrind, counting only what each child does in simulate()
and in saving its results, the median of the two children).

Beside steady and steady_sharded it measures the yardstick, ../shared/peers/pq_full.cpp (a bare
loop of the same model with identical outputs), built here with g++ -O2, the same way. A second
table times whole processes, cachestorm and the peer alternating in one shell, and gives the
median of their ratio: wall-clock figures drift on shared machines, ratios less so.

Usage: scripts/bench_instructions.py [--build DIR] [--scenarios a,b] [--horizons 20,120]
                                     [--peers DIR] [--wall-rounds N] [--json FILE]
Exit status: 0, or 1 when a run failed (its message is printed).
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CANONICAL = ["steady", "steady_sharded", "steady_replicated", "stampede", "steady_evicting", "sparse_keyspace",
             "steady_strategies", "stampede_single_flight", "steady_writes"]
PEER_SCENARIOS = ["steady", "steady_sharded"]
VALGRIND = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]


class BenchError(Exception):
    pass


def instructions(stderr_text):
    """The 'I refs' total valgrind prints at exit."""
    found = re.search(r"I\s+refs:\s+([\d,]+)", stderr_text)
    if not found:
        raise BenchError("valgrind printed no instruction count:\n" + stderr_text[-2000:])
    return int(found.group(1).replace(",", ""))


def cachestorm_run(binary, scenario, horizon, scratch, under_valgrind):
    """One run; returns (instructions or None, requests, events, wall seconds)."""
    out = os.path.join(scratch, "out")
    perf = os.path.join(scratch, "perf.json")
    shutil.rmtree(out, ignore_errors=True)
    if os.path.exists(perf):
        os.remove(perf)
    command = [binary, "run", "-q", scenario, "--set", "duration_s=%g" % horizon, "--out", out, "--perf-out", perf]
    started = time.monotonic()
    done = subprocess.run((VALGRIND if under_valgrind else []) + command, capture_output=True, text=True)
    wall = time.monotonic() - started
    if done.returncode != 0:
        raise BenchError("%s exited %d:\n%s" % (" ".join(command), done.returncode, done.stderr[-2000:]))
    with open(perf) as f:
        report = json.load(f)
    return ((instructions(done.stderr) if under_valgrind else None), report["requests"], report["events"], wall,
            report["served_at_send"])


def replication_cost(binary, scenario, scratch):
    """Instructions one child spends simulating and saving a 1 s replication of a replicated run."""
    out = os.path.join(scratch, "replicated")
    shutil.rmtree(out, ignore_errors=True)
    collect = ["--toggle-collect=cachestorm::run::simulate*", "--toggle-collect=cachestorm::analysis::summary_json*",
               "--toggle-collect=cachestorm::analysis::events_jsonl*",
               "--toggle-collect=cachestorm::run::ReplicationStore::save*"]
    command = ["valgrind", "--tool=callgrind", "--trace-children=yes", "--callgrind-out-file=/dev/null"] + collect + [
        binary, "run", "-q", scenario, "--set", "duration_s=1", "--replications", "2", "--jobs", "1", "--out", out]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise BenchError("%s exited %d:\n%s" % (" ".join(command), done.returncode, done.stderr[-2000:]))
    parent = re.search(r"==(\d+)== Command:", done.stderr)
    children = [int(n.replace(",", "")) for pid, n in re.findall(r"==(\d+)== Collected\s*:\s*([\d,]+)", done.stderr)
                if parent is None or pid != parent.group(1)]  # the parent's own summary is not a replication's
    if parent is None or len(children) != 2:
        raise BenchError("expected two replications' counts from callgrind:\n" + done.stderr[-2000:])
    return statistics.median(children)


def peer_run(binary, scenario, horizon, under_valgrind):
    started = time.monotonic()
    done = subprocess.run((VALGRIND if under_valgrind else []) + [binary, scenario, "1", "%g" % horizon],
                          capture_output=True, text=True)
    wall = time.monotonic() - started
    found = re.search(r"RESULT .*\brequests=(\d+)", done.stdout)
    if done.returncode != 0 or not found:
        raise BenchError("peer %s %s exited %d:\n%s" % (binary, scenario, done.returncode, done.stderr[-2000:]))
    return (instructions(done.stderr) if under_valgrind else None), int(found.group(1)), wall


def steady_state(short, long):
    """(instructions, requests[, events]) at two horizons -> per-request differences."""
    requests = long[1] - short[1]
    if requests <= 0:
        raise BenchError("the longer horizon served no more requests than the shorter one")
    return [(b - a) / requests for a, b in zip(short, long)]


def measure_cachestorm(binary, path, horizons, scratch):
    fixed = cachestorm_run(binary, path, 1, scratch, True)
    runs = [cachestorm_run(binary, path, h, scratch, True) for h in horizons]
    per = steady_state(runs[0][:3] + runs[0][4:], runs[1][:3] + runs[1][4:])
    return {"instructions_per_request": per[0], "events_per_request": per[2], "served_ahead_per_request": per[3],
            "fixed_instructions": fixed[0], "fixed_wall_s": fixed[3],
            "replication_instructions": replication_cost(binary, path, scratch)}


def measure_peer(binary, scenario, horizons):
    fixed = peer_run(binary, scenario, 1, True)
    runs = [peer_run(binary, scenario, h, True) for h in horizons]
    per = steady_state(runs[0][:2], runs[1][:2])
    return {"instructions_per_request": per[0], "fixed_instructions": fixed[0], "fixed_wall_s": fixed[2]}


def build_peer(peers_dir, scratch):
    source = os.path.join(peers_dir, "pq_full.cpp")
    if not os.path.exists(source):
        return None
    binary = os.path.join(scratch, "pq_full")
    subprocess.run(["g++", "-O2", "-std=c++17", source, "-o", binary], check=True)
    return binary


def wall_ratios(binary, peer, scenario_path, scenario, horizon, rounds, scratch):
    """Whole-process wall times, alternating; the median of cachestorm / peer."""
    ratios, ours, theirs = [], [], []
    for _ in range(rounds):
        mine = cachestorm_run(binary, scenario_path, horizon, scratch, False)[3]
        other = peer_run(peer, scenario, horizon, False)[2]
        ours.append(mine)
        theirs.append(other)
        ratios.append(mine / other)
    return {"cachestorm_s": statistics.median(ours), "peer_s": statistics.median(theirs),
            "ratio": statistics.median(ratios)}


def print_tables(results, peer_results, walls, horizons):
    print("Instructions (cachegrind), steady state = difference of the %g s and %g s runs" % tuple(horizons))
    print("(events per request count the commands a shard served ahead of the clock, a GET at its send and the")
    print("commands in flight before it; the next column gives those alone: they take no turn of the plane's loop)")
    print("| scenario | instr/request | events/request | of them served ahead | fixed cost, 1 s run (M instr) "
          "| 1 s replication of a replicated run (M instr) | 1 s run under valgrind (s) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        print("| %s | %.0f | %.3f | %.3f | %.1f | %.1f | %.2f |" % (
            name, r["instructions_per_request"], r["events_per_request"], r["served_ahead_per_request"],
            r["fixed_instructions"] / 1e6, r["replication_instructions"] / 1e6, r["fixed_wall_s"]))
        if name in peer_results:
            p = peer_results[name]
            print("| %s, pq_full | %.0f (cachestorm at %.2fx) | | | %.1f (%.2fx) | | |" % (
                name, p["instructions_per_request"], r["instructions_per_request"] / p["instructions_per_request"],
                p["fixed_instructions"] / 1e6, r["fixed_instructions"] / p["fixed_instructions"]))
    if walls:
        print()
        print("Wall clock, whole processes alternating in one shell (medians)")
        print("| scenario | horizon s | cachestorm s | pq_full s | ratio |")
        print("|---|---:|---:|---:|---:|")
        for name, w in walls.items():
            print("| %s | %g | %.3f | %.3f | %.2f |" % (name, w["horizon_s"], w["cachestorm_s"], w["peer_s"], w["ratio"]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--scenarios", default=",".join(CANONICAL))
    parser.add_argument("--horizons", default="20,120")
    parser.add_argument("--peers", default=os.path.join(os.path.dirname(ROOT), "shared", "peers"))
    parser.add_argument("--wall-rounds", type=int, default=5)
    parser.add_argument("--wall-horizon", type=float, default=120)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    horizons = [float(h) for h in args.horizons.split(",")]
    if len(horizons) != 2 or not 0 < horizons[0] < horizons[1]:
        parser.error("--horizons takes two increasing horizons in seconds, e.g. 20,120")
    binary = os.path.join(args.build, "cachestorm")
    if shutil.which("valgrind") is None:
        sys.exit("bench_instructions: valgrind is missing; run scripts/bootstrap.sh")
    results, peer_results, walls = {}, {}, {}
    with tempfile.TemporaryDirectory(prefix="cachestorm-bench-") as scratch:
        try:
            peer = build_peer(args.peers, scratch)
            for name in [s for s in args.scenarios.split(",") if s]:
                path = name if name.endswith(".json") else os.path.join(ROOT, "scenarios", name + ".json")
                label = os.path.splitext(os.path.basename(path))[0]
                results[label] = measure_cachestorm(binary, path, horizons, scratch)
                if peer and label in PEER_SCENARIOS:
                    peer_results[label] = measure_peer(peer, label, horizons)
                    if args.wall_rounds > 0:
                        walls[label] = wall_ratios(binary, peer, path, label, args.wall_horizon, args.wall_rounds,
                                                   scratch)
                        walls[label]["horizon_s"] = args.wall_horizon
        except BenchError as error:
            print("bench_instructions: %s" % error, file=sys.stderr)
            return 1
    if peer is None:
        print("(no peer: %s/pq_full.cpp not found)" % args.peers)
    print_tables(results, peer_results, walls, horizons)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"horizons_s": horizons, "cachestorm": results, "pq_full": peer_results, "wall": walls}, f,
                      indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
