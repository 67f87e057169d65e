#!/bin/bash
# lab/run.sh: boot one emulated arm64 KVM host and run a command inside it.
#
#   lab/run.sh --cpu MODEL --kernel 6.1|6.12|7.3 [--append 'KERNEL ARGS'] [--timeout SEC]
#              [--share DIR] [--smp N] [--mem MB] [--keep] [--verbose]
#              [--link unix:PATH,server|client --ip ADDR/PREFIX [--mtu N]] [--payload DIR] -- COMMAND [ARG]...
#   lab/run.sh --agent [--die-with-parent] [same options]
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
# Linked hosts: two runs with the same --link unix:PATH (one server, one client), each with its own --ip
# (e.g. 10.0.0.1/24 and 10.0.0.2/24), get one virtio-net-device each, joined by QEMU's -netdev stream on that
# Unix socket: plain TCP/IP between the two hosts, MTU 65000 unless --mtu says otherwise. Start them in any
# order (the client reconnects until the server is there).
# --agent: no single command; the host runs the command agent on SHARE/agent until SHARE/agent/shutdown
# appears (lab-tests' LabHost drives it; protocol in lab/README.md), then powers off; exit status 0 then.
# --die-with-parent: kill QEMU and exit (129) as soon as the process that started run.sh is gone.
# --payload DIR: DIR's files appear under /opt/payload in the host, packed as one more newc archive
# appended to the initramfs (far faster than 9p for large files; they live in the host's RAM).
# Environment: CPUMODEL_LAB_CACHE (default /var/cache/cpumodel-lab), TMPDIR.
set -euo pipefail

CACHE=${CPUMODEL_LAB_CACHE:-/var/cache/cpumodel-lab}
CPU="" KERNEL="" APPEND="" TIMEOUT=300 SHARE="" SMP=2 MEM=2048 KEEP=0 VERBOSE=0
LINK="" IP="" MTU=65000 AGENT=0 PARENT_WATCH=0 PAYLOAD=""

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
    --keep) KEEP=1; shift;;
    --link) LINK=${2:?}; shift 2;;
    --ip) IP=${2:?}; shift 2;;
    --mtu) MTU=${2:?}; shift 2;;
    --agent) AGENT=1; shift;;
    --payload) PAYLOAD=${2:?}; shift 2;;
    --die-with-parent) PARENT_WATCH=1; shift;;
    -v|--verbose) VERBOSE=1; shift;;
    -h|--help) usage;;
    --) shift; break;;
    *) echo "lab/run.sh: unknown argument: $1" >&2; usage;;
  esac
done
[ -n "$CPU" ] || die "--cpu MODEL is required (e.g. max, neoverse-n1, cortex-a72, a64fx)"
case $KERNEL in 6.1|6.12|7.3) ;; *) die "--kernel must be 6.1, 6.12 or 7.3";; esac
if [ $AGENT -eq 1 ]; then
  [ $# -eq 0 ] || die "--agent takes no command: send commands through SHARE/agent (see lab/README.md)"
else
  [ $# -gt 0 ] || die "no command given after --"
fi
[[ $TIMEOUT =~ ^[0-9]+$ ]] && [ "$TIMEOUT" -gt 0 ] || die "--timeout must be a positive number of seconds"

[ -z "$PAYLOAD" ] || [ -d "$PAYLOAD" ] || die "--payload: $PAYLOAD is not a directory"

# --link unix:PATH,server|client with --ip ADDR/PREFIX: the QEMU arguments of the link
NETARGS=()
if [ -n "$LINK" ] || [ -n "$IP" ]; then
  [[ $LINK =~ ^unix:(.+),(server|client)$ ]] || die "--link must be unix:PATH,server or unix:PATH,client (got '$LINK')"
  LINK_PATH=${BASH_REMATCH[1]} LINK_ROLE=${BASH_REMATCH[2]}
  [ ${#LINK_PATH} -lt 108 ] || die "--link: the socket path must be shorter than 108 bytes (a Unix socket's limit): $LINK_PATH"
  [ -d "$(dirname "$LINK_PATH")" ] || die "--link: the directory of $LINK_PATH does not exist"
  [[ $IP =~ ^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})/([0-9]{1,2})$ ]] \
    || die "--ip ADDR/PREFIX is required with --link, e.g. --ip 10.0.0.1/24 (got '$IP')"
  for o in 1 2 3 4; do [ "${BASH_REMATCH[$o]}" -le 255 ] || die "--ip: bad address $IP"; done
  [ "${BASH_REMATCH[5]}" -ge 1 ] && [ "${BASH_REMATCH[5]}" -le 30 ] || die "--ip: the prefix must be 1 to 30 (got $IP)"
  MAC=$(printf '52:54:00:%02x:%02x:%02x' "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}" "${BASH_REMATCH[4]}")   # from the address: distinct per host
  [[ $MTU =~ ^[0-9]+$ ]] && [ "$MTU" -ge 576 ] && [ "$MTU" -le 65535 ] || die "--mtu must be 576 to 65535 (got '$MTU')"
  lp=${LINK_PATH//,/,,}
  if [ "$LINK_ROLE" = server ]; then
    [ -S "$LINK_PATH" ] && rm -f "$LINK_PATH"          # a stale socket of an earlier run
    [ -e "$LINK_PATH" ] && die "--link: $LINK_PATH exists and is not a socket"
    NETARGS=(-netdev "stream,id=link0,server=on,addr.type=unix,addr.path=$lp")
  else
    NETARGS=(-netdev "stream,id=link0,server=off,addr.type=unix,addr.path=$lp,reconnect-ms=200")
  fi
  NETARGS+=(-device "virtio-net-device,netdev=link0,mac=$MAC,host_mtu=$MTU")
  APPEND="lab.ip=$IP lab.mtu=$MTU $APPEND"
fi

KDIR=$CACHE/kernels/$KERNEL
for f in "$CACHE/rootfs.cpio" "$CACHE/init.cpio" "$KDIR/vmlinuz" "$KDIR/modules.cpio"; do
  [ -s "$f" ] || die "$f is missing: run lab/build.sh first"
done
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
  if [ "${LINK_ROLE:-}" = server ] && [ -S "$LINK_PATH" ]; then rm -f "$LINK_PATH"; fi
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
if [ $AGENT -eq 1 ]; then
  rm -rf "$SHARE/agent"; mkdir -p "$SHARE/agent/cmd"
  APPEND="lab.agent=1 $APPEND"
else
  {
    echo '#!/bin/sh'
    echo '# written by lab/run.sh; the guest init runs it in /mnt/share'
    printf 'exec'; for a in "$@"; do printf ' %s' "$(q "$a")"; done; echo
  } > "$SHARE/run.sh"
  chmod 755 "$SHARE/run.sh"
fi
rm -f "$SHARE"/lab.stdout "$SHARE"/lab.stderr "$SHARE"/lab.status "$SHARE"/lab.console

cat "$CACHE/rootfs.cpio" "$CACHE/init.cpio" "$KDIR/modules.cpio" > "$TMP/initrd.cpio"
if [ -n "$PAYLOAD" ]; then
  # DIR as opt/payload/... in one more archive; hard links when DIR is on the same file system, else a copy
  mkdir -p "$TMP/payload/opt"
  cp -al "$PAYLOAD" "$TMP/payload/opt/payload" 2>/dev/null || { rm -rf "$TMP/payload/opt/payload"; cp -a "$PAYLOAD" "$TMP/payload/opt/payload"; } \
    || die "--payload: cannot read $PAYLOAD"
  (cd "$TMP/payload" && find . -mindepth 1 -print0 | LC_ALL=C sort -z | cpio --null -o -H newc -R 0:0 --quiet) >> "$TMP/initrd.cpio" \
    || die "--payload: packing $PAYLOAD failed"
  rm -rf "$TMP/payload"
fi

start=$(date +%s.%N)
qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu "$CPU" -smp "$SMP" -m "$MEM" \
  -nographic -no-reboot -nic none \
  -kernel "$KDIR/vmlinuz" -initrd "$TMP/initrd.cpio" \
  -append "console=ttyAMA0 panic=-1 $APPEND" \
  -virtfs "local,path=${SHARE//,/,,},mount_tag=share,security_model=none" "${NETARGS[@]}" \
  </dev/null >"$SHARE/lab.console" 2>&1 &
QPID=$!
echo "$QPID" > "$TMP/qemu.pid"

deadline=$((SECONDS + TIMEOUT)) timed_out=0 PARENT=$PPID
while kill -0 "$QPID" 2>/dev/null; do
  if [ $PARENT_WATCH -eq 1 ] && ! kill -0 "$PARENT" 2>/dev/null; then
    echo "lab/run.sh: the parent process $PARENT is gone: stopping the lab host" >&2
    exit 129                             # the EXIT trap kills QEMU
  fi
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
