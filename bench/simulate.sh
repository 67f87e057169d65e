#!/usr/bin/env bash
# Grows a simulated fleet and partitions it into pools in ONE fresh JVM (SimulatorReport), and prints
# the wall time of that whole process: issue 9's cold-path figure ("pools over a generated
# 100,000-host / 2,000-profile fleet as a fresh process").
#
#   bench/simulate.sh                                  # 100 000 hosts, 2 000 profiles, seed 1
#   bench/simulate.sh --hosts 10000 --distinct 500     # any SimulatorReport option
#   bench/simulate.sh --no-aot ...                     # without the AOT cache
#   bench/simulate.sh --runs 5 ...                     # five fresh processes, one wall time each
#
# The JVM uses a JDK AOT cache (JEP 483, 514, 515: classes loaded and linked ahead of time, and the
# method profiles of a training run), as the host launcher does for `collect`. The cache is
# bench/target/simulator.aot, built on first use and whenever the jar is newer, from a training run
# on a DIFFERENT, smaller fleet (10 000 hosts, 500 profiles, seed 7): it holds code facts, not the
# measured fleet's data or results. Without it (--no-aot) the same process takes longer; both figures
# are in docs/benchmarks.md. The tree must have been installed once: ./mvnw -q -B install -DskipTests
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$0")/.."
# shellcheck source=../tools/env.sh
source tools/env.sh
cpumodel_setup_java
aot=1
runs=1
while [ $# -gt 0 ]; do
  case $1 in
    -h|--help) sed -n '2,/^set -euo/p' "$self" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    --no-aot) aot=0; shift ;;
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    *) break ;;
  esac
done
case $runs in ''|*[!0-9]*|0) echo "simulate.sh: --runs takes a positive number, not '$runs'" >&2; exit 2 ;; esac
if [ $# -eq 0 ]; then
  set -- --hosts 100000 --distinct 2000
fi
jar=bench/target/benchmarks.jar
if [ ! -f "$jar" ]; then
  echo "simulate.sh: $jar is missing; build it with bench/run.sh --help or: ./mvnw -q -B install -DskipTests && ./mvnw -q -B package -DskipTests -f bench/pom.xml" >&2
  exit 2
fi
main=org.cpumodel.bench.sim.SimulatorReport
flags=()
if [ "$aot" = 1 ]; then
  cache=bench/target/simulator.aot
  if [ ! -f "$cache" ] || [ "$jar" -nt "$cache" ]; then
    echo "# building the AOT cache $cache from a training run (10 000 hosts, 500 profiles, seed 7)" >&2
    rm -f "$cache"
    if ! java -XX:AOTCacheOutput="$cache" -cp "$jar" "$main" --hosts 10000 --distinct 500 --seed 7 >/dev/null 2>"$cache.log"; then
      echo "# the AOT cache could not be built (see $cache.log): measuring without it" >&2
      rm -f "$cache"
    fi
  fi
  if [ -f "$cache" ]; then
    flags=(-XX:AOTCache="$cache")
  fi
fi
echo "# $(date -u +%FT%TZ) $(uname -srm), $(nproc) CPUs, load average: $(cut -d' ' -f1-3 /proc/loadavg); AOT cache: ${flags[*]:-none}"
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  java "${flags[@]}" -cp "$jar" "$main" "$@"
  end=$(date +%s%N)
  echo "wall: $(( (end - start) / 1000000 )) ms for the whole process (a fresh JVM: start, growing the fleet, pools, report)"
done
