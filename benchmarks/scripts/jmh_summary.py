#!/usr/bin/env python3
"""Summarises a JMH JSON result (-rf json) of TriggerBenchmark, and the Go anchor's bench.txt of the same sitting.

Per benchmark: the mean of each fork's measurement iterations, then the median over forks with [min..max].
Throughput (ops/us) becomes ns/op = 1000 / score: wall time divided by the total operations of all threads,
which is what Go's b.RunParallel reports. Writes trigger.csv (and trigger_vs_go.csv when a bench.txt is given).

usage: jmh_summary.py JMH.json OUT_DIR [GO_BENCH_TXT]
"""
import json
import re
import statistics
import sys


def med(values):
    s = sorted(values)
    return s[len(s) // 2]  # the upper middle for an even count, as the Go anchor's summary


def fork_means(raw):
    return [sum(f) / len(f) for f in raw if f]


def main():
    data = json.load(open(sys.argv[1]))
    out = sys.argv[2]
    rows = []
    figures = {}
    for b in data:
        name = b["benchmark"].rsplit(".", 1)[1]
        threads = b["threads"]
        thrpt = fork_means(b["primaryMetric"]["rawData"])
        ns = [1000.0 / t for t in thrpt]
        alloc = b.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        bop = fork_means(alloc["rawData"]) if alloc else []
        figures[name] = ns
        rows.append("%s,%d,%d,%.3f,%.3f,%.3f,%s,%s,%s" % (
            name, threads, len(ns), med(ns), min(ns), max(ns),
            "%.4f" % med(bop) if bop else "", "%.4f" % min(bop) if bop else "", "%.4f" % max(bop) if bop else ""))
        print("%-12s threads=%d  ns/op (wall/total ops) %.3f [%.3f..%.3f]%s" % (
            name, threads, med(ns), min(ns), max(ns),
            "  B/op (process-wide) %.4f [%.4f..%.4f]" % (med(bop), min(bop), max(bop)) if bop else ""))
    with open(out + "/trigger.csv", "w") as f:
        f.write("benchmark,threads,forks,ns_per_op_median,ns_per_op_min,ns_per_op_max,"
                "bytes_per_op_median,bytes_per_op_min,bytes_per_op_max\n")
        f.write("\n".join(rows) + "\n")
    if len(sys.argv) > 3:
        go = {}
        for line in open(sys.argv[3]):
            m = re.match(r"^(Benchmark\S+?)-\d+\s+\d+\s+([0-9.]+) ns/op", line)
            if m:
                go.setdefault(m.group(1), []).append(float(m.group(2)))
        pairs = [("running1", "BenchmarkTriggerUncontended", 0.8), ("running2", "BenchmarkTriggerParallel", 1.0),
                 ("noConsumer1", "BenchmarkTriggerNoSyncerUncontended", None),
                 ("noConsumer2", "BenchmarkTriggerNoSyncerParallel", None)]
        lines = []
        for java, gname, goal in pairs:
            if java not in figures or gname not in go:
                continue
            j, g = med(figures[java]), med(go[gname])
            lines.append("%s,%s,%.3f,%.3f,%.3f,%.3f,%.3f,%s,%s" % (
                java, gname, j, g, min(go[gname]), max(go[gname]), j / g, "" if goal is None else goal,
                "" if goal is None else ("met" if j / g <= goal else "missed")))
            print("%-12s java %.3f ns/op vs go %s %.3f [%.3f..%.3f] ns/op: ratio %.2f%s" % (
                java, j, gname, g, min(go[gname]), max(go[gname]), j / g,
                "" if goal is None else " (goal <= %.1f: %s)" % (goal, "met" if j / g <= goal else "missed")))
        with open(out + "/trigger_vs_go.csv", "w") as f:
            f.write("java_benchmark,go_benchmark,java_ns_per_op,go_ns_per_op_median,go_min,go_max,ratio,goal,verdict\n")
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
