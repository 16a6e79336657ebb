#!/usr/bin/env bash
# Start-up cost of the starter (issue 7): times the same tiny Spring Boot application (StartupApp: one no-op
# SyncState bean; it starts, then closes at once) on two class paths that differ only by the starter's
# auto-configuration jar, alternately, RUNS times each (default 31), in one session. Records the wall time of
# the whole JVM (start to exit, including the syncer's start and close) and Boot's "Started ... in X seconds".
# Prints and writes the medians with [min..max] and the difference of the medians (goal: <= 50 ms).
#
#   benchmarks/startup/time-startup.sh [RUNS]        (from the repository root, after ./mvnw -B verify)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-31}
out=${RESULTS:-benchmarks/results}/startup.csv
java=${JAVA:-java}
work=$(mktemp -d)

# package first: the sibling modules resolve to their jars in the reactor
./mvnw -q -B -pl benchmarks -am -DskipTests package dependency:build-classpath -Dmdep.outputFile="$work/all.cp" >/dev/null
# The application's class path: Boot and the starter's dependencies, without the benchmark-only libraries.
tr ':' '\n' <"$work/all.cp" | grep -v -e slf4j-nop -e jmh- -e xchart -e junit -e assertj -e opentest4j \
	-e apiguardian -e commons-math3 -e jopt-simple >"$work/with.list"
grep -v -e antientropy-spring-boot-autoconfigure -e antientropy-spring-boot-starter "$work/with.list" >"$work/without.list"
with_cp="benchmarks/target/classes:$(paste -sd: "$work/with.list")"
without_cp="benchmarks/target/classes:$(paste -sd: "$work/without.list")"
echo "class paths differ by: $(diff "$work/without.list" "$work/with.list" | sed -n 's/^> .*\///p' | tr '\n' ' ')"

one() { # class path -> "wall_ms boot_s syncers"
	local t0 t1 log
	t0=$(date +%s%N)
	log=$("$java" -cp "$1" -Dlogging.level.dev.antientropy=DEBUG dev.antientropy.bench.probe.startup.StartupApp 2>&1)
	t1=$(date +%s%N)
	echo "$(((t1 - t0) / 1000000)) $(echo "$log" | sed -n 's/.*Started .* in \([0-9.]*\) seconds.*/\1/p' | tail -1) $(echo "$log" | grep -c "FULL_SYNC -> PARTIAL_SYNC" || true)"
}

# one untimed start of each: page cache, class data sharing
one "$without_cp" >/dev/null
one "$with_cp" >/dev/null
echo "variant,run,wall_ms,boot_reported_s,full_syncs_logged,loadavg" >"$out"
for i in $(seq 1 "$runs"); do
	# alternate the order so that a drift of the machine hits both
	if [ $((i % 2)) -eq 1 ]; then order="without with"; else order="with without"; fi
	for v in $order; do
		cp=$without_cp; [ "$v" = with ] && cp=$with_cp
		read -r wall boot syncs <<<"$(one "$cp")"
		echo "$v,$i,$wall,${boot:-},$syncs,$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$out"
	done
done
awk -F, 'NR > 1 { w[$1] = w[$1] " " $3; b[$1] = b[$1] " " $4 }
	function med(list,   a, n, i, j, t) { n = split(list, a, " ")
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
		lo = a[1]; hi = a[n]; return a[int((n + 1) / 2)] }
	END { mo = med(w["without"]); printf "without the starter: wall %d ms [%d..%d]", mo, lo, hi
		bo = med(b["without"]); printf ", Boot %.3f s [%.3f..%.3f]\n", bo, lo, hi
		mw = med(w["with"]); printf "with the starter:    wall %d ms [%d..%d]", mw, lo, hi
		bw = med(b["with"]); printf ", Boot %.3f s [%.3f..%.3f]\n", bw, lo, hi
		printf "difference of the medians: wall %d ms, Boot %.0f ms (goal <= 50 ms: %s)\n", mw - mo, (bw - bo) * 1000,
			(mw - mo <= 50) ? "met" : "missed" }' "$out" | tee "${out%.csv}.txt"
rm -rf "$work"
