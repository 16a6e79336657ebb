#!/usr/bin/env bash
# PENDING (issue 7, "start-up cost of the starter"): times the start of two tiny Spring Boot applications, one
# without and one with antientropy-spring-boot-starter, alternately, RUNS times each (default 10), in one
# session. Each JVM exits as soon as its context is refreshed (-Dspring.context.exit=onRefresh, Spring
# Framework 6.1+), so the wall time is JVM start + context refresh; Boot's own "Started ... in X seconds"
# figure is recorded too. Prints and writes the medians with [min..max] and the difference (goal: <= 50 ms).
#
#   benchmarks/startup/time-startup.sh WITHOUT.jar WITH.jar [RUNS]
#
# The two applications are not in this branch: the starter is being written. Each is a @SpringBootApplication
# with one SyncState bean (a no-op), built with spring-boot-maven-plugin; WITHOUT depends on antientropy-core
# only, WITH on antientropy-spring-boot-starter. Nothing else differs.
set -euo pipefail
without=${1:?usage: time-startup.sh WITHOUT.jar WITH.jar [RUNS]}
with=${2:?usage: time-startup.sh WITHOUT.jar WITH.jar [RUNS]}
runs=${3:-10}
out=${RESULTS:-$(dirname "$0")/../results}/startup.csv
java=${JAVA:-java}

one() { # one JAR -> "wall_ms boot_s"
	local t0 t1 log
	t0=$(date +%s%N)
	log=$("$java" -Dspring.context.exit=onRefresh -jar "$1" 2>&1 || true)
	t1=$(date +%s%N)
	echo "$(((t1 - t0) / 1000000)) $(echo "$log" | sed -n 's/.*Started .* in \([0-9.]*\) seconds.*/\1/p' | tail -1)"
}

# one untimed start of each: page cache, CDS archive
one "$without" >/dev/null
one "$with" >/dev/null
echo "variant,run,wall_ms,boot_reported_s,loadavg" >"$out"
for i in $(seq 1 "$runs"); do
	# alternate the order so that a drift of the machine hits both
	if [ $((i % 2)) -eq 1 ]; then order="without with"; else order="with without"; fi
	for v in $order; do
		jar=$without; [ "$v" = with ] && jar=$with
		read -r wall boot <<<"$(one "$jar")"
		echo "$v,$i,$wall,${boot:-},$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$out"
	done
done
awk -F, 'NR > 1 { w[$1] = w[$1] " " $3 }
	function med(list,   a, n, i, j, t) { n = split(list, a, " ")
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
		lo = a[1]; hi = a[n]; return a[int((n + 1) / 2)] }
	END { mo = med(w["without"]); printf "without starter: %d ms [%d..%d]\n", mo, lo, hi
		mw = med(w["with"]); printf "with starter:    %d ms [%d..%d]\n", mw, lo, hi
		printf "difference of the medians: %d ms (goal <= 50 ms: %s)\n", mw - mo, (mw - mo <= 50) ? "met" : "missed" }' "$out"
