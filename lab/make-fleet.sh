#!/bin/bash
# lab/make-fleet.sh: regenerate the bundled example fleet examples/fleet/<cpu>_<kernel>.json by running
# `cpumodel collect` (all feature sets the host offers) on emulated arm64 KVM hosts of the lab.
#
#   lab/make-fleet.sh [--jobs N] [--out DIR] [--only 'CPU_KERNEL ...']
#
# One boot per host (lab/run.sh); the profile is written into the share and checked on this machine
# with `cpumodel show` before it replaces the old file (atomically, via a temporary name).
# --jobs: parallel boots (default 1; the lab machine has 2 cores). --only: e.g. 'neoverse-n1_6.12 max_7.3'.
# Environment: CPUMODEL_JAR (default cli/target/cpumodel.jar, built when missing), CPUMODEL_LAB_CACHE.
# Exit status: 0 when every host was collected, 1 otherwise (the failures are listed).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../tools/env.sh
. "$root/tools/env.sh"
cpumodel_setup_java

MODELS="neoverse-n1 neoverse-n2 neoverse-v1 cortex-a53 cortex-a55 cortex-a57 cortex-a72 cortex-a76 cortex-a710 a64fx max"
KERNELS="6.12 7.3"
PARTIAL="neoverse-n1_6.1"          # a kernel without KVM_ARM_GET_REG_WRITABLE_MASKS: a partial profile
JOBS=1 OUT=$root/examples/fleet ONLY=""
while [ $# -gt 0 ]; do
  case $1 in
    --jobs) JOBS=${2:?}; shift 2;;
    --out) OUT=${2:?}; shift 2;;
    --only) ONLY=${2:?}; shift 2;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0;;
    *) echo "lab/make-fleet.sh: unknown argument: $1 (see --help)" >&2; exit 2;;
  esac
done

jar=${CPUMODEL_JAR:-$root/cli/target/cpumodel.jar}
if [ ! -f "$jar" ]; then
  cpumodel_setup_maven
  echo "make-fleet: building $jar" >&2
  (cd "$root" && ./mvnw -q -B -DskipTests -pl cli -am package) >&2
fi

hosts=()
if [ -n "$ONLY" ]; then
  read -r -a hosts <<<"$ONLY"
else
  for m in $MODELS; do for k in $KERNELS; do hosts+=("${m}_$k"); done; done
  hosts+=($PARTIAL)
fi

mkdir -p "$OUT"
work=$(mktemp -d "${TMPDIR:-/tmp}/cpumodel-fleet.XXXXXX")
trap 'rm -rf "$work"' EXIT

one() {   # one host: boot, collect, check, install
  local host=$1 cpu=${1%_*} kernel=${1##*_} share=$work/$1 t0 t1 rc=0
  mkdir -p "$share"
  cp "$jar" "$share/cpumodel.jar"
  t0=$(date +%s.%N)
  "$root/lab/run.sh" --cpu "$cpu" --kernel "$kernel" --timeout 600 --share "$share" -- \
    sh -c 'read a _ </proc/uptime; java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar /mnt/share/cpumodel.jar collect \
             --features default,pmu,sve,ptrauth,el2 --name "$1" --out "/mnt/share/$2.json"; rc=$?;
           read b _ </proc/uptime; echo "guest-collect-seconds $(awk -v a="$a" -v b="$b" "BEGIN{printf \"%.1f\", b-a}")"; exit $rc' \
    sh "lab-$cpu-$kernel" "$host" >"$share/out.log" 2>"$share/err.log" || rc=$?
  t1=$(date +%s.%N)
  local guest; guest=$(sed -n 's/^guest-collect-seconds //p' "$share/out.log")
  if [ $rc -ne 0 ] || ! java -jar "$jar" show "$share/$host.json" >/dev/null 2>>"$share/err.log"; then
    printf 'make-fleet: %-20s FAILED (exit %s); log:\n' "$host" "$rc"
    sed 's/^/    /' "$share/err.log" | tail -20
    return 1
  fi
  cp "$share/$host.json" "$OUT/.$host.json.tmp" && mv -f "$OUT/.$host.json.tmp" "$OUT/$host.json"
  printf 'make-fleet: %-20s boot+collect %5.1f s, collect in guest %s s -> %s\n' "$host" \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')" "${guest:-?}" "${OUT#"$root"/}/$host.json"
}

T0=$SECONDS failed=()
running=0
declare -A pids=()
for h in "${hosts[@]}"; do
  one "$h" & pids[$!]=$h; running=$((running + 1))
  if [ "$running" -ge "$JOBS" ]; then
    wait -n -p done_pid || failed+=("${pids[$done_pid]}")
    running=$((running - 1))
  fi
done
while [ "$running" -gt 0 ]; do
  wait -n -p done_pid || failed+=("${pids[$done_pid]}")
  running=$((running - 1))
done
echo "make-fleet: ${#hosts[@]} hosts in $((SECONDS - T0)) s, ${#failed[@]} failed${failed:+: ${failed[*]}}"
[ ${#failed[@]} -eq 0 ]
