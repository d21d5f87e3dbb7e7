#!/usr/bin/env bash
# Engine benchmark (issue 7): JMH, scoring one lead with 10/50/200 events in both default models
# and with the hand-written sales-led baseline, plus the build time of each default model.
# Prints mean, p99, allocation per score and the Drools / hand-written ratio from the same run.
# Usage: bench/engine.sh [JMH options, e.g. -wi 1 -i 2 for a quick look]
#        bench/engine.sh --cpu-time [rounds]   CPU time per score instead (for a busy machine)
#        bench/engine.sh --dump FILE [leads] [seed]   write every figure and explanation line of
#            generated leads scored by both models (run with two builds, then cmp the files)
#        bench/engine.sh --warm-up [threads:seconds ...]   the engine alone on bench/service.sh's scoring
#                       request, CPU time per score phase by phase in one JVM (JIT warm-up, many threads)
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -B -Pbench -DskipTests test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/classpath.txt
# run from a copy, so that compiling again while the benchmark runs does not pull classes from under it
rm -rf target/bench/classes && mkdir -p target/bench/classes
cp -r target/classes target/bench/classes/main && cp -r target/test-classes target/bench/classes/test
MAIN=dev.leadscore.scoring.baseline.EngineBenchmarkMain
if [ "${1:-}" = "--cpu-time" ]; then
    shift
    MAIN=dev.leadscore.scoring.baseline.EngineCpuTimeMain
elif [ "${1:-}" = "--dump" ]; then
    shift
    MAIN=dev.leadscore.scoring.baseline.ScoreDumpMain
elif [ "${1:-}" = "--warm-up" ]; then
    shift
    MAIN=dev.leadscore.leads.ScoreRequestWarmUpMain
fi
exec java -Xms1g -Xmx1g -cp "target/bench/classes/test:target/bench/classes/main:$(cat target/bench/classpath.txt)" \
    "$MAIN" "$@"
