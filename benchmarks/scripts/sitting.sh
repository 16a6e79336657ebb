#!/usr/bin/env bash
# One sitting: the Go anchor, then every Java measurement, one after the other, so that the ratios to Go
# compare runs made under the same conditions. Raw outputs go to benchmarks/results/raw/, CSVs and plots to
# benchmarks/results/. Takes about 25 minutes. SITTING=name picks the raw folder (default latest). Run from the repository root after ./mvnw -B verify.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=benchmarks/target/benchmarks.jar
RES=benchmarks/results
RAW=$RES/raw/${SITTING:-latest}
# JDK25: a Java 21+ JDK for the virtual-thread and Java 25 runs (e.g. JDK25=$HOME/jdks/jdk-25); without it
# those steps are skipped, with a warning.
JDK25=${JDK25:-}
GO_ANCHOR=${GO_ANCHOR:-../shared/anchors/go-ae}
mkdir -p "$RAW"
[ -f "$JAR" ] || { echo "build first: ./mvnw -B verify" >&2; exit 1; }

machine() {
	echo "date_utc: $(date -u '+%Y-%m-%dT%H:%M:%SZ')  loadavg: $(cut -d' ' -f1-3 /proc/loadavg)"
}

{
	echo "nproc:     $(nproc)"
	echo "cpu_model: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
	echo "mem_total: $(grep -m1 MemTotal /proc/meminfo | sed 's/.*: *//')"
	echo "kernel:    $(uname -r)"
	echo "java:      $(java -version 2>&1 | head -2 | tr '\n' ' ')"
	[ -n "$JDK25" ] && [ -x "$JDK25/bin/java" ] && echo "java25:    $("$JDK25/bin/java" -version 2>&1 | head -2 | tr '\n' ' ')"
	command -v go >/dev/null && echo "go:        $(go version)"
	machine
} | tee "$RAW/machine.txt"

step() { echo; echo ">> $1   ($(machine))" | tee -a "$RAW/sitting.log"; }

step "Go anchor (run.sh)"
# Always in a copy: run.sh only copies a folder it cannot write, and root can write the shared one.
GO_COPY=$(mktemp -d)
cp -r "$GO_ANCHOR"/. "$GO_COPY"/
chmod -R u+w "$GO_COPY"
GO_RES=$GO_COPY/results/sitting
RESULTS_DIR=$GO_RES bash "$GO_COPY/run.sh" >"$RAW/go-anchor-run.txt" 2>&1
cp "$GO_RES"/summary.txt "$RAW/go-summary.txt"
cp "$GO_RES"/bench.txt "$RAW/go-bench.txt"
cp "$GO_RES"/machine.txt "$RAW/go-machine.txt"
for f in "$GO_RES"/anchor_*.txt; do cp "$f" "$RAW/go-$(basename "$f")"; done
cat "$RAW/go-summary.txt"

step "JMH TriggerBenchmark -prof gc"
java -jar "$JAR" TriggerBenchmark -prof gc -rf json -rff "$RAW/jmh-trigger.json" >"$RAW/jmh-trigger.txt" 2>&1
python3 benchmarks/scripts/jmh_summary.py "$RAW/jmh-trigger.json" "$RES" "$RAW/go-bench.txt" | tee "$RAW/trigger-summary.txt"

step "Go trigger benchmarks again (bracketing the JMH run)"
GO_BIN=$GO_COPY/.build/ae.test
if [ -x "$GO_BIN" ]; then
	for b in TriggerUncontended TriggerParallel; do
		GOMAXPROCS=2 "$GO_BIN" -test.run '^$' -test.bench "^Benchmark$b\$" -test.benchtime 1s -test.count 5 \
			-test.cpu 2 -test.benchmem >>"$RAW/go-bench-after.txt" 2>&1
	done
	grep ns/op "$RAW/go-bench-after.txt" || true
fi

step "LatencyProbe (both CPUs)"
java -cp "$JAR" dev.antientropy.bench.probe.LatencyProbe default | tee "$RAW/latency-default.txt"
step "LatencyProbe pinned to CPU 0"
taskset -c 0 java -cp "$JAR" dev.antientropy.bench.probe.LatencyProbe pinned | tee "$RAW/latency-pinned.txt"
step "CoalescingProbe"
java -cp "$JAR" dev.antientropy.bench.probe.CoalescingProbe | tee "$RAW/coalescing.txt"

step "IdleProbe platform (Java 17)"
java -cp "$JAR" dev.antientropy.bench.probe.IdleProbe platform | tee "$RAW/idle-platform-17.txt"
if [ -n "$JDK25" ] && [ -x "$JDK25/bin/java" ]; then
	step "IdleProbe platform (Java 25)"
	"$JDK25/bin/java" -cp "$JAR" dev.antientropy.bench.probe.IdleProbe platform | tee "$RAW/idle-platform-25.txt"
	step "IdleProbe virtual (Java 25)"
	"$JDK25/bin/java" -cp "$JAR" dev.antientropy.bench.probe.IdleProbe virtual | tee "$RAW/idle-virtual-25.txt"
else
	echo "WARNING: JDK25 is not set: the Java 25 and virtual-thread IdleProbe runs are skipped" | tee -a "$RAW/sitting.log"
fi

step "SustainedTriggerProbe 60 s"
java -cp "$JAR" dev.antientropy.bench.probe.SustainedTriggerProbe 60 | tee "$RAW/memory-sustained.txt"

step "FullSyncPace"
java -cp "$JAR" dev.antientropy.bench.probe.FullSyncPace | tee "$RAW/full-sync-pace.txt"

step "FleetSimulation"
java -cp "$JAR" dev.antientropy.bench.fleet.FleetSimulation | tee "$RAW/fleet.txt"

step "Start-up cost of the starter"
benchmarks/startup/time-startup.sh 31 | tee "$RAW/startup.txt"

step "done"
