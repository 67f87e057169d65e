#!/usr/bin/env bash
# Builds the benchmarks jar and runs the JMH benchmarks (and the memory report).
#   bench/run.sh                         # all benchmarks, short honest runs (-wi 2 -i 3 -f 1)
#   bench/run.sh CheckBench -prof gc     # one benchmark class, extra JMH options
#   bench/run.sh --no-build MatrixBench  # skip the build
# The tree must have been installed once: ./mvnw -q -B install -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../tools/env.sh
source tools/env.sh
cpumodel_setup_java
build=1
if [ "${1:-}" = "--no-build" ]; then build=0; shift; fi
if [ "$build" = 1 ]; then
  cpumodel_setup_maven
  ./mvnw -q -B clean package -DskipTests -f bench/pom.xml
fi
jar=bench/target/benchmarks.jar
echo "# $(date -u +%FT%TZ) $(uname -srm), $(nproc) CPUs, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ $# -eq 0 ]; then
  java -cp "$jar" org.cpumodel.bench.MemoryReport 100000 2000
  set -- -wi 2 -i 3 -f 1
fi
java -jar "$jar" "$@"
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
