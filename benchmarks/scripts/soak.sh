#!/usr/bin/env bash
# The soak (issue 13): dev.antientropy.bench.soak.SoakRun, an in-process Spring Boot application (Tomcat,
# Actuator, the starter) with one syncer over a SyncState that fails a seeded 30 % of its syncs, under sustained
# triggers, nested pauses and resumes, and real HTTP reads and POSTs of /actuator/antientropy; heap after GC, live
# threads and open file descriptors every 10 s. Writes benchmarks/results/soak.csv, soak-summary.txt (invariant
# counts and the figures of each column) and soak.png; the application's own log (the failures, as a user sees
# them) goes to benchmarks/target/soak/soak-app.log. Runs under `nice`: it checks flatness, not speed.
#
#   benchmarks/scripts/soak.sh [SECONDS (1800)] [SAMPLE_SECONDS (10)] [SEED (13)]
#
# RESULTS=DIR writes the three files elsewhere (a dry run: RESULTS=benchmarks/target/soak-dry ... soak.sh 120).
# JAVA=path/to/java picks the JVM; SOAK_HEAP (default 256m) is its -Xmx.
set -euo pipefail
cd "$(dirname "$0")/../.."
java=${JAVA:-java}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# package first: the sibling modules resolve to their jars in the reactor
./mvnw -q -B -pl benchmarks -am -DskipTests package dependency:build-classpath -Dmdep.outputFile="$work/all.cp" >/dev/null
# The application's class path: Boot, MVC, Actuator, the starter and XChart (the plot); not JMH, not slf4j-nop
# (the application logs through Logback, as a Boot application does).
cp="benchmarks/target/classes:$(tr ':' '\n' <"$work/all.cp" | grep -v -e slf4j-nop -e jmh- -e junit -e assertj \
	-e opentest4j -e apiguardian -e commons-math3 -e jopt-simple | paste -sd:)"
mkdir -p benchmarks/target/soak
exec nice -n 10 "$java" -Xmx"${SOAK_HEAP:-256m}" -Djava.awt.headless=true \
	-Dresults="${RESULTS:-benchmarks/results}" -cp "$cp" dev.antientropy.bench.soak.SoakRun "$@"
