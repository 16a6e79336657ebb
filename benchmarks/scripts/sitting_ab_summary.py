#!/usr/bin/env python3
"""Summarises an A/B sitting (sitting-ab.sh): old core against new core, run interleaved, and the Go anchor.

For every figure: the median over the runs of each core ([min..max]), new/old, and the ratio to Go where the Go
anchor measures the same thing. JMH: ns/op = 1000 / (ops/us) per fork (the mean of its iterations), B/op is
-prof gc's gc.alloc.rate.norm per fork; one fork per core per round, so the median is over the rounds.
Latency: per run the p50 of each series and mode (latency.csv); the ratio syncer/floor is per run, then the
median. Sustained: producer B/trigger and syncer-thread B/syncChanges() over the whole run (the last row).
Idle: the 1,000 syncers' own threads' CPU-ms/s and the process CPU-ms/s with them.

usage: sitting_ab_summary.py RAW_DIR
"""
import csv
import glob
import json
import os
import re
import sys


def med(values):
    s = sorted(values)
    return s[len(s) // 2] if s else float("nan")  # upper middle for an even count, as jmh_summary.py


def fmt(values, f="%.3f"):
    if not values:
        return "n/a"
    return (f + " [" + f + ".." + f + "]") % (med(values), min(values), max(values))


def ratio(a, b):
    return a / b if b else float("nan")


def jmh(raw, core):
    ns, bop = {}, {}
    for path in sorted(glob.glob(os.path.join(raw, "jmh-%s-*.json" % core))):
        for b in json.load(open(path)):
            name = b["benchmark"].rsplit(".", 1)[1]
            for fork in b["primaryMetric"]["rawData"]:
                ns.setdefault(name, []).append(1000.0 / (sum(fork) / len(fork)))
            alloc = b.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
            if alloc:
                for fork in alloc["rawData"]:
                    bop.setdefault(name, []).append(sum(fork) / len(fork))
    return ns, bop


def go_bench(path):
    go = {}
    if os.path.exists(path):
        for line in open(path):
            m = re.match(r"^(Benchmark\S+?)-\d+\s+\d+\s+([0-9.]+) ns/op", line)
            if m:
                go.setdefault(m.group(1), []).append(float(m.group(2)))
    return go


def latency(raw, core):
    out = {}  # (mode, series) -> [p50 per run]; (mode, 'ratio') -> [syncer/floor per run]
    for path in sorted(glob.glob(os.path.join(raw, "csv", "latency-%s-*" % core, "latency.csv"))):
        rows = list(csv.DictReader(open(path)))
        p50 = {}
        for row in rows:
            key = (row["mode"], row["series"])
            p50[key] = float(row["p50_us"])
            out.setdefault(key, []).append(float(row["p50_us"]))
            out.setdefault((row["mode"], row["series"], "slow"), []).append(100 * float(row["slow_share"]))
        for mode in ("b2b", "idle"):
            if (mode, "syncer") in p50 and (mode, "floor") in p50:
                out.setdefault((mode, "ratio"), []).append(p50[(mode, "syncer")] / p50[(mode, "floor")])
    return out


def go_latency(raw):
    figures = {}
    path = os.path.join(raw, "go-anchor_TriggerLatency.txt")
    if os.path.exists(path):
        for line in open(path):
            m = re.match(r"^ANCHOR (\S+) ([0-9.eE+-]+)", line)
            if m:
                figures[m.group(1)] = float(m.group(2))
    return figures


def sustained(raw, core):
    producer, syncer, heap = [], [], []
    for path in sorted(glob.glob(os.path.join(raw, "csv", "sustained-%s-*" % core, "memory_sustained.csv"))):
        rows = list(csv.DictReader(open(path)))
        last = rows[-1]
        producer.append(float(last["producer_bytes_per_trigger"]))
        syncer.append(float(last["syncer_thread_bytes_per_sync_changes"]))
        heap.append(max(float(r["heap_after_gc_mb"]) for r in rows[1:]) - float(rows[0]["heap_after_gc_mb"]))
    return producer, syncer, heap


def idle(raw, core):
    threads, process, base = [], [], []
    for path in sorted(glob.glob(os.path.join(raw, "csv", "idle-%s-*" % core, "idle.csv"))):
        for row in csv.DictReader(open(path)):
            if row["phase"] == "syncers" and row["syncers"] == "1000":
                threads.append(float(row["syncer_threads_cpu_ms_per_s"]))
                process.append(float(row["process_cpu_ms_per_s"]))
            elif row["phase"].startswith("baseline"):
                base.append(float(row["process_cpu_ms_per_s"]))
    return threads, process, base


def loads(raw):
    values = []
    for path in glob.glob(os.path.join(raw, "*.txt")):
        for line in open(path, errors="replace"):
            m = re.search(r"loadavg:\s+([0-9.]+)", line)
            if m:
                values.append(float(m.group(1)))
    return values


def main():
    raw = sys.argv[1]
    rows = []

    def row(figure, old, new, go=None, f="%.3f"):
        o, n = med(old) if old else float("nan"), med(new) if new else float("nan")
        go_text = ""
        if go:
            go_text = "%s (new/Go %.2f, old/Go %.2f)" % (fmt(go, f), ratio(n, med(go)), ratio(o, med(go)))
        rows.append((figure, fmt(old, f), fmt(new, f), "%.2f" % ratio(n, o) if o == o and o != 0 else "n/a",
                     go_text))

    ns_old, bop_old = jmh(raw, "old")
    ns_new, bop_new = jmh(raw, "new")
    go_before = go_bench(os.path.join(raw, "go-bench.txt"))
    go_after = go_bench(os.path.join(raw, "go-bench-after.txt"))
    go_pairs = {"running1": "BenchmarkTriggerUncontended", "running2": "BenchmarkTriggerParallel",
                "noConsumer1": "BenchmarkTriggerNoSyncerUncontended"}
    for name in ("running1", "running2", "noConsumer1"):
        g = go_pairs[name]
        row("trigger ns/op %s (JMH)" % name, ns_old.get(name, []), ns_new.get(name, []),
            go_before.get(g, []) + go_after.get(g, []))
    for name in ("running1", "running2", "noConsumer1"):
        row("trigger B/op %s (JMH -prof gc)" % name, bop_old.get(name, []), bop_new.get(name, []), f="%.4f")

    lat_old, lat_new = latency(raw, "old"), latency(raw, "new")
    go_lat = go_latency(raw)
    for mode in ("idle", "b2b"):
        for series in ("syncer", "floor"):
            row("latency p50 us, %s, %s" % (mode, series), lat_old.get((mode, series), []),
                lat_new.get((mode, series), []), f="%.2f")
        row("latency p50 syncer/floor, %s" % mode, lat_old.get((mode, "ratio"), []),
            lat_new.get((mode, "ratio"), []), f="%.2f")
        row("latency slow share %%, %s, syncer" % mode, lat_old.get((mode, "syncer", "slow"), []),
            lat_new.get((mode, "syncer", "slow"), []), f="%.1f")

    p_old, s_old, h_old = sustained(raw, "old")
    p_new, s_new, h_new = sustained(raw, "new")
    row("sustained: producer B/trigger", p_old, p_new, f="%.5f")
    row("sustained: syncer thread B/syncChanges()", s_old, s_new, f="%.1f")
    row("sustained: live heap growth MB (max - start)", h_old, h_new, f="%.2f")

    t_old, pr_old, b_old = idle(raw, "old")
    t_new, pr_new, b_new = idle(raw, "new")
    row("idle: 1,000 syncers' own threads CPU-ms/s", t_old, t_new, f="%.4f")
    row("idle: process CPU-ms/s with 1,000 syncers", pr_old, pr_new, f="%.2f")
    row("idle: process CPU-ms/s without syncers", b_old, b_new, f="%.2f")

    width = max(len(r[0]) for r in rows)
    print("%-*s | %-28s | %-28s | %-7s | %s" % (width, "figure", "old: median [min..max]", "new: median [min..max]",
                                               "new/old", "Go"))
    for r in rows:
        print("%-*s | %-28s | %-28s | %-7s | %s" % (width, r[0], r[1], r[2], r[3], r[4]))
    if go_lat:
        print()
        print("Go anchor latency (anchor_TriggerLatency): " + ", ".join(
            "%s %.3g" % (k, v) for k, v in sorted(go_lat.items()) if "p50" in k))
    l = loads(raw)
    if l:
        print()
        print("1-minute load average at the start of the runs: median %.1f [%.1f..%.1f] over %d runs" % (
            med(l), min(l), max(l), len(l)))


if __name__ == "__main__":
    main()
