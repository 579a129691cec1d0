#!/bin/sh
# Runs the whole benchmark suite of docs/benchmarks.md: every JMH benchmark (BuddyAllocatorBenchmark at 1 and 2
# threads with its baselines, MachineBootBenchmark, ReclaimBenchmark, CompactionBenchmark, MigrationBenchmark,
# OomBenchmark, ScenarioBenchmark) in one JMH run, then the JOL metadata footprint.
# Build first, from the repository root:  mvn -B -q package -DskipTests
# Extra arguments go to JMH, e.g.  bench/run.sh -prof gc   or   bench/run.sh 'OneThread.slowpath'
# Run it on an otherwise idle machine: the figures of docs/benchmarks.md came from one benchmark at a time.
set -e
cd "$(dirname "$0")/.."
JAR=bench/target/benchmarks.jar
if [ ! -f "$JAR" ]; then
    echo "$JAR is missing: run 'mvn -B -q package -DskipTests' first" >&2
    exit 1
fi
java -jar "$JAR" -rf json -rff bench/target/jmh-result.json "$@"
java -Djdk.attach.allowAttachSelf=true -cp "$JAR" io.slowpath.bench.MetadataFootprint
