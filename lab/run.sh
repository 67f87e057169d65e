#!/bin/bash
# lab/run.sh: boot one emulated arm64 KVM host and run a command inside it.
#
#   lab/run.sh --cpu MODEL --kernel 6.1|6.12|7.3 [--append 'KERNEL ARGS'] [--timeout SEC]
#              [--share DIR] [--smp N] [--mem MB] [--add-initrd CPIO]... [--keep] [--verbose] -- COMMAND [ARG]...
#
# COMMAND runs as root inside the guest, in /mnt/share (the share dir; default: a fresh temp dir).
# Put the project's jar into the share first, e.g.
#   lab/run.sh --cpu neoverse-n1 --kernel 6.12 --share "$d" -- \
#       java --enable-native-access=ALL-UNNAMED -jar /mnt/share/x.jar ...
# stdout: the command's stdout; stderr: the command's stderr (plus the serial console log when the
# lab itself fails, or always with --verbose). Exit status: the command's, 124 on timeout,
# 125 when the lab fails (bad usage, missing build, guest never ran the command).
# Files left in the share: run.sh (the command), lab.stdout, lab.stderr, lab.status, lab.console.
# Several runs may go in parallel, each with its own share dir.
# --add-initrd CPIO appends a newc archive to the host's initramfs (its files appear in the host's root
# before /init runs): files the command needs locally, e.g. a nested guest's kernel, without 9p's slowness.
# Environment: CPUMODEL_LAB_CACHE (default /var/cache/cpumodel-lab), TMPDIR.
set -euo pipefail

CACHE=${CPUMODEL_LAB_CACHE:-/var/cache/cpumodel-lab}
CPU="" KERNEL="" APPEND="" TIMEOUT=300 SHARE="" SMP=2 MEM=2048 KEEP=0 VERBOSE=0 ADD_INITRD=()

usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2; exit 125; }
die() { echo "lab/run.sh: $*" >&2; exit 125; }

while [ $# -gt 0 ]; do
  case $1 in
    --cpu) CPU=${2:?}; shift 2;;
    --kernel) KERNEL=${2:?}; shift 2;;
    --append) APPEND=${2?}; shift 2;;
    --timeout) TIMEOUT=${2:?}; shift 2;;
    --share) SHARE=${2:?}; shift 2;;
    --smp) SMP=${2:?}; shift 2;;
    --mem) MEM=${2:?}; shift 2;;
    --add-initrd) ADD_INITRD+=("${2:?}"); shift 2;;
    --keep) KEEP=1; shift;;
    -v|--verbose) VERBOSE=1; shift;;
    -h|--help) usage;;
    --) shift; break;;
    *) echo "lab/run.sh: unknown argument: $1" >&2; usage;;
  esac
done
[ -n "$CPU" ] || die "--cpu MODEL is required (e.g. max, neoverse-n1, cortex-a72, a64fx)"
case $KERNEL in 6.1|6.12|7.3) ;; *) die "--kernel must be 6.1, 6.12 or 7.3";; esac
[ $# -gt 0 ] || die "no command given after --"
[[ $TIMEOUT =~ ^[0-9]+$ ]] && [ "$TIMEOUT" -gt 0 ] || die "--timeout must be a positive number of seconds"

KDIR=$CACHE/kernels/$KERNEL
for f in "$CACHE/rootfs.cpio" "$KDIR/vmlinuz" "$KDIR/modules.cpio"; do
  [ -s "$f" ] || die "$f is missing: run lab/build.sh first"
done
for f in "${ADD_INITRD[@]}"; do [ -s "$f" ] || die "--add-initrd $f: no such file"; done
command -v qemu-system-aarch64 >/dev/null || die "qemu-system-aarch64 not found: run lab/build.sh first"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/cpumodel-lab.XXXXXX")
QPID=""
cleanup() {
  local rc=$?
  if [ -n "$QPID" ] && kill -0 "$QPID" 2>/dev/null; then
    kill -TERM "$QPID" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$QPID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$QPID" 2>/dev/null || true
    wait "$QPID" 2>/dev/null || true
  fi
  if [ $KEEP -eq 1 ]; then echo "lab/run.sh: kept $TMP" >&2; else rm -rf "$TMP"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

if [ -z "$SHARE" ]; then SHARE=$TMP/share; fi
mkdir -p "$SHARE"
SHARE=$(cd "$SHARE" && pwd -P)

# The command line, quoted for the guest's sh.
q() { local s=${1//\'/\'\\\'\'}; printf "'%s'" "$s"; }
{
  echo '#!/bin/sh'
  echo '# written by lab/run.sh; the guest init runs it in /mnt/share'
  printf 'exec'; for a in "$@"; do printf ' %s' "$(q "$a")"; done; echo
} > "$SHARE/run.sh"
chmod 755 "$SHARE/run.sh"
rm -f "$SHARE"/lab.stdout "$SHARE"/lab.stderr "$SHARE"/lab.status "$SHARE"/lab.console

cat "$CACHE/rootfs.cpio" "$KDIR/modules.cpio" "${ADD_INITRD[@]}" > "$TMP/initrd.cpio"

start=$(date +%s.%N)
qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu "$CPU" -smp "$SMP" -m "$MEM" \
  -nographic -no-reboot -nic none \
  -kernel "$KDIR/vmlinuz" -initrd "$TMP/initrd.cpio" \
  -append "console=ttyAMA0 panic=-1 $APPEND" \
  -virtfs "local,path=${SHARE//,/,,},mount_tag=share,security_model=none" \
  </dev/null >"$SHARE/lab.console" 2>&1 &
QPID=$!
echo "$QPID" > "$TMP/qemu.pid"

deadline=$((SECONDS + TIMEOUT)) timed_out=0
while kill -0 "$QPID" 2>/dev/null; do
  if [ $SECONDS -ge $deadline ]; then
    timed_out=1
    kill -TERM "$QPID" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$QPID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$QPID" 2>/dev/null || true
    break
  fi
  sleep 0.1
done
qrc=0; wait "$QPID" 2>/dev/null || qrc=$?
QPID=""
wall=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.1f", e-s}')

summary="lab: cpu=$CPU kernel=$KERNEL qemu-exit=$qrc wall=${wall}s share=$SHARE"
console() { echo "----- $summary; serial console:" >&2; tr -d '\r' < "$SHARE/lab.console" >&2 || true; echo "----- end of console" >&2; }

[ -f "$SHARE/lab.stdout" ] && cat "$SHARE/lab.stdout"
[ -f "$SHARE/lab.stderr" ] && cat "$SHARE/lab.stderr" >&2
if [ $timed_out -eq 1 ]; then
  echo "lab/run.sh: timeout after ${TIMEOUT}s ($summary)" >&2; console; exit 124
fi
if [ ! -s "$SHARE/lab.status" ]; then
  echo "lab/run.sh: the guest did not run the command ($summary)" >&2; console; exit 125
fi
[ $VERBOSE -eq 1 ] && { console; echo "$summary status=$(cat "$SHARE/lab.status")" >&2; }
exit "$(cat "$SHARE/lab.status")"
