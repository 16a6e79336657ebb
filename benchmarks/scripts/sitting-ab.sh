#!/usr/bin/env bash
# An A/B sitting: the benchmarks built on an OLD core (a git ref, default e3779a5, the core of sitting 4) and on
# this checkout's core, run interleaved in one sitting (old, new, new, old, ...), with the Go anchor in the same
# sitting. Made for a loaded machine, where absolute figures move by tens of percent between minutes: only the
# ratios of runs made side by side are compared. Measures the subset that a core change can move: the
# triggerSyncChanges() cost with JMH -prof gc (B/op), the trigger -> syncChanges() latency (idle and
# back-to-back), the allocation per trigger and per sync under a sustained load, and the CPU of 1,000 idle
# syncers' threads (wake-ups between deadlines). Every raw output is kept (.txt, .json, .csv) in
# benchmarks/results/raw/${SITTING:-ab}/; the summary is sitting-ab-summary.txt there
# (benchmarks/scripts/sitting_ab_summary.py). Takes about 20-25 minutes with the defaults.
#
#   OLD_REF=e3779a5 SITTING=sitting-5 benchmarks/scripts/sitting-ab.sh
#
# OLD_JAR / NEW_JAR: use these jars instead of building them (the old one is otherwise built in a temporary
# detached worktree of OLD_REF, the new one is this checkout's benchmarks/target/benchmarks.jar, built if
# missing). JMH_ROUNDS (4; one JMH fork per core per round), LATENCY_ROUNDS (3), LATENCY_SAMPLES (10000 per
# series and mode), SUSTAINED_ROUNDS (2), SUSTAINED_SECONDS (20), IDLE_ROUNDS (1), SKIP_GO=1 to leave out the
# Go anchor.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
RAW=$ROOT/benchmarks/results/raw/${SITTING:-ab}
OLD_REF=${OLD_REF:-e3779a5}
JMH_ROUNDS=${JMH_ROUNDS:-4}
LATENCY_ROUNDS=${LATENCY_ROUNDS:-3}
LATENCY_SAMPLES=${LATENCY_SAMPLES:-10000}
SUSTAINED_ROUNDS=${SUSTAINED_ROUNDS:-2}
SUSTAINED_SECONDS=${SUSTAINED_SECONDS:-20}
IDLE_ROUNDS=${IDLE_ROUNDS:-1}
GO_ANCHOR=${GO_ANCHOR:-$ROOT/../shared/anchors/go-ae}
mkdir -p "$RAW"

machine() {
	echo "date_utc: $(date -u '+%Y-%m-%dT%H:%M:%SZ')  loadavg: $(cut -d' ' -f1-3 /proc/loadavg)"
}
step() { echo; echo ">> $1   ($(machine))" | tee -a "$RAW/steps.txt"; }

# ---------------------------------------------------------------- the two jars
if [ -z "${NEW_JAR:-}" ]; then
	NEW_JAR=$ROOT/benchmarks/target/benchmarks.jar
	[ -f "$NEW_JAR" ] || ./mvnw -B -q -pl benchmarks -am -DskipTests package
fi
if [ -z "${OLD_JAR:-}" ]; then
	OLD_TREE=$(mktemp -d)/old
	git worktree add --detach "$OLD_TREE" "$OLD_REF" >/dev/null
	(cd "$OLD_TREE" && ./mvnw -B -q -pl benchmarks -am -DskipTests package)
	OLD_JAR=$(mktemp -d)/benchmarks-old.jar
	cp "$OLD_TREE/benchmarks/target/benchmarks.jar" "$OLD_JAR"
	git worktree remove --force "$OLD_TREE"
fi
# The benchmarks moved into packages (jmh, probe) after sitting 4; their code for the default scheduler did not
# change. Find each probe's class in each jar.
probe() { # JAR NAME -> the class name in that jar
	local entries
	entries=$(unzip -Z1 "$1")
	if [[ $entries == *"dev/antientropy/bench/probe/$2.class"* ]]; then
		echo "dev.antientropy.bench.probe.$2"
	else
		echo "dev.antientropy.bench.$2"
	fi
}
jar_of() { [ "$1" = old ] && echo "$OLD_JAR" || echo "$NEW_JAR"; }
# ABBA order: round 1 old then new, round 2 new then old, ...
order() { (($1 % 2 == 1)) && echo "old new" || echo "new old"; }

{
	echo "nproc:     $(nproc)"
	echo "cpu_model: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
	echo "kernel:    $(uname -r)"
	echo "java:      $(java -version 2>&1 | head -2 | tr '\n' ' ')"
	command -v go >/dev/null && echo "go:        $(go version)"
	echo "old core:  $OLD_REF ($(git log -1 --format='%h %s' "$OLD_REF")), jar sha256 $(sha256sum "$OLD_JAR" | cut -c1-16)"
	echo "new core:  $(git log -1 --format='%h %s' HEAD)$(git diff --quiet HEAD -- antientropy-core || echo ' + uncommitted changes'), jar sha256 $(sha256sum "$NEW_JAR" | cut -c1-16)"
	echo "rounds:    jmh $JMH_ROUNDS (1 fork, 3 x 1 s warm-up, 5 x 1 s), latency $LATENCY_ROUNDS x $LATENCY_SAMPLES samples, sustained $SUSTAINED_ROUNDS x $SUSTAINED_SECONDS s, idle $IDLE_ROUNDS"
	machine
} | tee "$RAW/machine.txt"

# ---------------------------------------------------------------- Go anchor (first, as in sitting.sh)
GO_BIN=
if [ -z "${SKIP_GO:-}" ]; then
	step "Go anchor (run.sh)"
	GO_COPY=$(mktemp -d)
	cp -r "$GO_ANCHOR"/. "$GO_COPY"/
	chmod -R u+w "$GO_COPY"
	GO_RES=$GO_COPY/results/sitting
	RESULTS_DIR=$GO_RES bash "$GO_COPY/run.sh" >"$RAW/go-anchor-run.txt" 2>&1
	cp "$GO_RES"/summary.txt "$RAW/go-summary.txt"
	cp "$GO_RES"/bench.txt "$RAW/go-bench.txt"
	for f in "$GO_RES"/anchor_TriggerLatency.txt "$GO_RES"/anchor_IdleCPU.txt; do cp "$f" "$RAW/go-$(basename "$f")"; done
	GO_BIN=$GO_COPY/.build/ae.test
fi

# ---------------------------------------------------------------- JMH, one fork per core per round
for r in $(seq 1 "$JMH_ROUNDS"); do
	for v in $(order "$r"); do
		step "JMH TriggerBenchmark -prof gc, $v core, round $r"
		java -jar "$(jar_of $v)" 'TriggerBenchmark\.(running1|running2|noConsumer1)$' -f 1 -wi 3 -w 1s -i 5 -r 1s \
			-prof gc -rf json -rff "$RAW/jmh-$v-$r.json" >"$RAW/jmh-$v-$r.txt" 2>&1
		grep -E '^TriggerBenchmark\.[a-zA-Z0-9]+ |gc.alloc.rate.norm ' "$RAW/jmh-$v-$r.txt" || true
	done
done
if [ -n "$GO_BIN" ] && [ -x "$GO_BIN" ]; then
	step "Go trigger benchmarks again (after JMH)"
	for b in TriggerUncontended TriggerParallel; do
		GOMAXPROCS=2 "$GO_BIN" -test.run '^$' -test.bench "^Benchmark$b\$" -test.benchtime 1s -test.count 5 \
			-test.cpu 2 -test.benchmem >>"$RAW/go-bench-after.txt" 2>&1
	done
	grep ns/op "$RAW/go-bench-after.txt" || true
fi

# ---------------------------------------------------------------- latency, both CPUs
for r in $(seq 1 "$LATENCY_ROUNDS"); do
	for v in $(order "$r"); do
		step "LatencyProbe, $v core, round $r"
		java -Dresults="$RAW/csv/latency-$v-$r" -cp "$(jar_of $v)" "$(probe "$(jar_of $v)" LatencyProbe)" \
			"$v-$r" "$LATENCY_SAMPLES" >"$RAW/latency-$v-$r.txt" 2>&1
		grep -E 'p50 / floor' "$RAW/latency-$v-$r.txt" || true
	done
done

# ---------------------------------------------------------------- allocation per trigger and per sync
for r in $(seq 1 "$SUSTAINED_ROUNDS"); do
	for v in $(order "$r"); do
		step "SustainedTriggerProbe $SUSTAINED_SECONDS s, $v core, round $r"
		java -Dresults="$RAW/csv/sustained-$v-$r" -cp "$(jar_of $v)" "$(probe "$(jar_of $v)" SustainedTriggerProbe)" \
			"$SUSTAINED_SECONDS" >"$RAW/sustained-$v-$r.txt" 2>&1
		tail -n 2 "$RAW/sustained-$v-$r.txt" | head -n 1
	done
done

# ---------------------------------------------------------------- 1,000 idle syncers (platform threads)
for r in $(seq 1 "$IDLE_ROUNDS"); do
	for v in $(order "$r"); do
		step "IdleProbe platform, $v core, round $r"
		java -Dresults="$RAW/csv/idle-$v-$r" -cp "$(jar_of $v)" "$(probe "$(jar_of $v)" IdleProbe)" platform \
			>"$RAW/idle-$v-$r.txt" 2>&1
		grep -E 'syncer' "$RAW/idle-$v-$r.txt" | grep -v '^ ' || true
	done
done

step "done"
python3 benchmarks/scripts/sitting_ab_summary.py "$RAW" | tee "$RAW/sitting-ab-summary.txt"
