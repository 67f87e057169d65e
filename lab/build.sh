#!/bin/bash
# lab/build.sh: build (or reuse) everything the emulated arm64 KVM lab needs.
#
#   lab/build.sh [--force STEP]...      STEP: rootfs | kernel-6.1 | kernel-6.12 | kernel-7.3 | guest | all
#
# Cache: ${CPUMODEL_LAB_CACHE:-/var/cache/cpumodel-lab}
#   kernels/<6.1|6.12|7.3>/vmlinuz        arm64 Image (Debian kernel with built-in KVM)
#   kernels/<...>/modules.cpio           9p modules (+ deps) under /usr/lib/modules/<release>/
#   kernels/<...>/kernel-release         `uname -r` of that kernel; also config, packages
#   rootfs.cpio                          trixie arm64 rootfs (openjdk-25-jre-headless, busybox) + /init
#   guest/initrd.cpio                    the NESTED guest's initramfs (busybox-static, /init, lab/guest/workload.c)
#   apt/                                 side apt state (arm64 only; the host's apt/dpkg are untouched)
#   stamps/<step>                        one stamp per finished step
#
# Needs root (apt-get for host packages, mmdebstrap). Every step is idempotent: a second run only
# checks stamps and installed packages, makes no network calls, and takes about a second.
# Environment: CPUMODEL_LAB_CACHE, DEBIAN_MIRROR (default: the archive this machine's apt uses),
#              CPUMODEL_LAB_KERNELS (default "6.1 6.12 7.3").
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${CPUMODEL_LAB_CACHE:-/var/cache/cpumodel-lab}
KERNELS=${CPUMODEL_LAB_KERNELS:-"6.1 6.12 7.3"}
ROOTFS_SUITE=trixie
ROOTFS_PKGS=openjdk-25-jre-headless,busybox-static
NINEP_MODULES="virtio_pci netfs 9pnet 9pnet_virtio 9p"   # in this order, deps first; built-in ones skipped
                                                          # (virtio_pci is a module only on 6.1)
GUEST_SUITE=trixie                                        # busybox-static of the nested guest
GUEST_CC=aarch64-linux-gnu-gcc                            # Debian's cross compiler (host step)
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

T0=$SECONDS
log()  { printf '[lab-build +%3ds] %s\n' "$((SECONDS - T0))" "$*"; }
die()  { trap - EXIT; printf '[lab-build +%3ds] ERROR: %s\n' "$((SECONDS - T0))" "$*" >&2; exit 1; }
trap 'rc=$?; [ $rc -eq 0 ] || printf "[lab-build] FAILED (exit %d) at line %d: %s\n" "$rc" "$LINENO" "$BASH_COMMAND" >&2' EXIT

FORCE=" "
while [ $# -gt 0 ]; do
  case $1 in
    --force) [ $# -ge 2 ] || die "--force needs a step name"; FORCE+="$2 "; shift 2;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0;;
    *) die "unknown argument: $1 (see --help)";;
  esac
done
forced() { [[ $FORCE == *" $1 "* || $FORCE == *" all "* ]]; }

[ "$(id -u)" -eq 0 ] || die "run as root (apt-get and mmdebstrap need it)"
mkdir -p "$CACHE/stamps" "$CACHE/kernels" "$CACHE/work"

# ---------------------------------------------------------------- Debian mirror
# The Debian archive this machine's apt already uses; no host name is written here.
debian_mirror() {
  local m=${DEBIAN_MIRROR:-} f
  if [ -z "$m" ] && [ -r /etc/apt/sources.list.d/debian.sources ]; then
    m=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$m" ]; then   # any other deb822 file with a non-security Debian suite
    for f in /etc/apt/sources.list.d/*.sources; do
      [ -r "$f" ] || continue
      m=$(awk 'BEGIN{RS=""} /Suites:[^\n]*(bookworm|trixie)/ && !/security/ {
                 if (match($0, /URIs:[ \t]*[^ \t\n]+/)) { s=substr($0,RSTART,RLENGTH); sub(/URIs:[ \t]*/,"",s); print s; exit } }' "$f")
      [ -n "$m" ] && break
    done
  fi
  if [ -z "$m" ] && [ -r /etc/apt/sources.list ]; then
    m=$(awk '$1=="deb" && !/security/ { for (i=2;i<=NF;i++) if ($i ~ /^(https?|ftp|file):/) { print $i; exit } }' /etc/apt/sources.list)
  fi
  printf '%s' "${m%/}"
}
MIRROR=""
need_mirror() {
  [ -n "$MIRROR" ] && return 0
  MIRROR=$(debian_mirror)
  [ -n "$MIRROR" ] || die "no Debian archive found in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list; set DEBIAN_MIRROR=<archive URL>"
  log "Debian archive: $MIRROR"
}

# ---------------------------------------------------------------- 1. host packages
# qemu-system-arm >= 10 from bookworm-backports (bookworm's own is 7.2), plus cpio, mmdebstrap, zstd, xz-utils,
# kmod, and the arm64 cross compiler for the nested guest's workload (gcc-aarch64-linux-gnu; its libc6-dev-arm64-cross
# is only a Recommends of the compiler, so it is named here).
HOST_TOOLS="cpio mmdebstrap zstd xz-utils kmod gcc-aarch64-linux-gnu libc6-dev-arm64-cross"
HOST_APT_UPDATED=0
host_apt_update() {
  [ $HOST_APT_UPDATED -eq 1 ] && return 0
  apt-get update -q -o DPkg::Lock::Timeout=600 >"$CACHE/work/host-apt-update.log" 2>&1 || { cat "$CACHE/work/host-apt-update.log" >&2; die "apt-get update failed"; }
  HOST_APT_UPDATED=1
}
step_host() {
  local t=$SECONDS v missing=() p
  v=$(dpkg-query -W -f='${Version}' qemu-system-arm 2>/dev/null || true)
  if [ -n "$v" ] && dpkg --compare-versions "$v" ge 1:10.0 && command -v qemu-system-aarch64 >/dev/null; then
    log "host: reusing qemu-system-arm $v"
  else
    need_mirror
    if ! grep -rqsE '^[^#]*bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null; then
      log "host: adding /etc/apt/sources.list.d/cpumodel-lab-backports.sources (bookworm-backports, default pin 100)"
      printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: %s\n' \
        "$MIRROR" "$KEYRING" > /etc/apt/sources.list.d/cpumodel-lab-backports.sources
    fi
    log "host: installing qemu-system-arm from bookworm-backports (found: ${v:-none})"
    host_apt_update
    apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 -t bookworm-backports qemu-system-arm \
      >"$CACHE/work/host-apt-qemu.log" 2>&1 || { tail -30 "$CACHE/work/host-apt-qemu.log" >&2; die "installing qemu-system-arm failed"; }
    v=$(dpkg-query -W -f='${Version}' qemu-system-arm)
    dpkg --compare-versions "$v" ge 1:10.0 || die "qemu-system-arm $v installed, but >= 10.0 is needed"
  fi
  for p in $HOST_TOOLS; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    local ti=$SECONDS
    log "host: installing ${missing[*]}"
    host_apt_update
    apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}" \
      >"$CACHE/work/host-apt-tools.log" 2>&1 || { tail -30 "$CACHE/work/host-apt-tools.log" >&2; die "installing ${missing[*]} failed"; }
    log "host: installed ${missing[*]} ($((SECONDS - ti))s)"
  else
    log "host: reusing $HOST_TOOLS"
  fi
  log "host: $(qemu-system-aarch64 --version | head -1) ($((SECONDS - t))s)"
}

# ---------------------------------------------------------------- side apt (arm64 only)
SIDE=$CACHE/apt
APTOPT=(-o "Dir::Etc=$SIDE/etc" -o "Dir::Etc::SourceList=$SIDE/etc/sources.list"
        -o "Dir::Etc::SourceParts=$SIDE/etc/sources.list.d" -o "Dir::Etc::Preferences=$SIDE/etc/preferences"
        -o "Dir::Etc::PreferencesParts=$SIDE/etc/preferences.d" -o "Dir::State=$SIDE/state"
        -o "Dir::State::status=$SIDE/status" -o "Dir::Cache=$SIDE/cache"
        -o "APT::Architecture=arm64" -o "APT::Architectures::=arm64" -o "Acquire::Languages=none"
        -o "APT::Sandbox::User=root" -q)
SIDE_UPDATED=0
side_apt_update() {
  [ $SIDE_UPDATED -eq 1 ] && return 0
  need_mirror
  local t=$SECONDS
  mkdir -p "$SIDE"/etc/{sources.list.d,preferences.d} "$SIDE"/state/lists/partial "$SIDE"/cache/archives/partial
  : > "$SIDE/status"
  local s
  : > "$SIDE/etc/sources.list"
  for s in bookworm trixie trixie-backports; do
    echo "deb [arch=arm64 signed-by=$KEYRING] $MIRROR $s main" >> "$SIDE/etc/sources.list"
  done
  apt-get "${APTOPT[@]}" update >"$SIDE/update.log" 2>&1 || { cat "$SIDE/update.log" >&2; die "side apt-get update failed (arm64 lists of bookworm, trixie, trixie-backports)"; }
  SIDE_UPDATED=1
  log "apt: arm64 package lists of bookworm, trixie, trixie-backports updated ($((SECONDS - t))s)"
}

# ---------------------------------------------------------------- 2. kernels
suite_of() { case $1 in 6.1) echo bookworm;; 6.12) echo trixie;; 7.3) echo trixie-backports;; *) die "unknown kernel label $1 (6.1, 6.12 or 7.3)";; esac; }

unpack_ko() {   # unpack_ko SRC DST: copy a module, decompressing .xz/.zst/.gz
  case $1 in
    *.ko.xz)  xz -dc "$1" > "$2";;
    *.ko.zst) zstd -qdc "$1" > "$2";;
    *.ko.gz)  gzip -dc "$1" > "$2";;
    *.ko)     cp "$1" "$2";;
    *) die "unexpected module file $1";;
  esac
}

step_kernel() {
  local label=$1 suite dir stampf work t=$SECONDS
  suite=$(suite_of "$label"); dir=$CACHE/kernels/$label; stampf=$CACHE/stamps/kernel-$label
  local want="suite=$suite modules=$NINEP_MODULES"   # a stamp records its inputs: change them and the step reruns
  if [ "$(cat "$stampf" 2>/dev/null)" = "$want" ] && [ -s "$dir/vmlinuz" ] && [ -s "$dir/modules.cpio" ] && ! forced "kernel-$label"; then
    log "kernel $label: reusing $(cat "$dir/kernel-release") ($dir)"
    return 0
  fi
  rm -f "$stampf"
  side_apt_update
  work=$CACHE/work/kernel-$label
  rm -rf "$work"; mkdir -p "$work/debs" "$work/x" "$work/m"
  # 6.1/6.12 ship one linux-image-<ver>-arm64; 7.x splits it into linux-image/-binary/-modules/-base
  local pkgs
  pkgs=$(apt-cache "${APTOPT[@]}" -t "$suite" depends --recurse --no-recommends --no-suggests --no-conflicts \
           --no-breaks --no-replaces --no-enhances linux-image-arm64 2>/dev/null \
         | grep -E '^linux-(image|binary|modules|base)-[0-9]' | sort -u | xargs) || true
  [ -n "$pkgs" ] || die "kernel $label: no linux-image-arm64 dependencies found in $suite (arm64)"
  log "kernel $label: downloading $pkgs from $suite"
  (cd "$work/debs" && apt-get "${APTOPT[@]}" -t "$suite" download $pkgs >"$work/download.log" 2>&1) \
    || { cat "$work/download.log" >&2; die "kernel $label: download failed"; }
  local d
  for d in "$work"/debs/*.deb; do dpkg-deb -x "$d" "$work/x"; done
  local moddir kver img
  moddir=$(ls -d "$work"/x/usr/lib/modules/* "$work"/x/lib/modules/* 2>/dev/null | head -1 || true)
  [ -n "$moddir" ] || die "kernel $label: no lib/modules/<release> in $pkgs"
  kver=$(basename "$moddir")
  img=$(ls "$work/x/boot/vmlinuz-$kver" "$moddir/vmlinuz" 2>/dev/null | head -1 || true)
  [ -n "$img" ] || die "kernel $label: no vmlinuz for $kver"
  case $kver in "$label".*|"$label"-*) ;; *) log "kernel $label: WARNING: $suite now ships $kver, not $label.x";; esac
  grep -qE '^CONFIG_KVM=y' "$work"/x/boot/config-"$kver" 2>/dev/null || grep -qE '^CONFIG_KVM=y' "$moddir/config" 2>/dev/null \
    || log "kernel $label: WARNING: CONFIG_KVM=y not found in the kernel config"

  # 9p modules and their dependencies, skipping built-in ones (modules.builtin), in load order
  local order=() seen=" "
  add_module() {   # add_module NAME: depth-first, dependencies first
    local name=${1//-/_} f deps dep
    [[ $seen == *" $name "* ]] && return 0
    seen+="$name "
    if grep -qE "/${name//_/[-_]}\.ko\$" "$moddir/modules.builtin" 2>/dev/null; then
      log "kernel $label: $name is built in"; return 0
    fi
    f=$(find "$moddir/kernel" -regextype posix-extended -regex ".*/${name//_/[-_]}\.ko(\.(xz|zst|gz))?" | head -1)
    [ -n "$f" ] || die "kernel $label: module $name neither built in nor shipped"
    unpack_ko "$f" "$work/m/$name.ko"
    deps=$(modinfo -F depends "$work/m/$name.ko" | tr ',' ' ')
    for dep in $deps; do add_module "$dep"; done
    order+=("$name")
  }
  local m
  for m in $NINEP_MODULES; do add_module "$m"; done
  local tree=$work/cpio/usr/lib/modules/$kver
  mkdir -p "$tree"
  for m in "${order[@]}"; do cp "$work/m/$m.ko" "$tree/$m.ko"; done
  printf '%s\n' "${order[@]}" > "$tree/lab-modules"      # the guest's /init insmods these in order
  cp "$moddir/modules.builtin" "$tree/" 2>/dev/null || true
  (cd "$work/cpio" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc -R 0:0 --quiet) > "$work/modules.cpio"

  mkdir -p "$dir"
  cp "$img" "$dir/vmlinuz.tmp" && mv "$dir/vmlinuz.tmp" "$dir/vmlinuz"
  mv "$work/modules.cpio" "$dir/modules.cpio"
  cp "$work"/x/boot/config-"$kver" "$dir/config" 2>/dev/null || cp "$moddir/config" "$dir/config" 2>/dev/null || true
  echo "$kver" > "$dir/kernel-release"
  echo "$pkgs" > "$dir/packages"
  rm -rf "$work"
  echo "$want" > "$stampf"
  log "kernel $label: $kver, modules: ${order[*]:-none} ($((SECONDS - t))s)"
}

# ---------------------------------------------------------------- 3. rootfs
step_rootfs() {
  local stampf=$CACHE/stamps/rootfs out=$CACHE/rootfs.cpio work=$CACHE/work/rootfs t=$SECONDS
  local want
  want="rev=2 suite=$ROOTFS_SUITE pkgs=$ROOTFS_PKGS init=$(init_text | sha256sum | cut -c1-16)"
  if [ "$(cat "$stampf" 2>/dev/null)" = "$want" ] && [ -s "$out" ] && ! forced rootfs; then
    log "rootfs: reusing $out ($(cat "$CACHE/rootfs.info" 2>/dev/null))"
    return 0
  fi
  rm -f "$stampf"
  need_mirror
  rm -rf "$work"
  log "rootfs: mmdebstrap --variant=extract $ROOTFS_PKGS ($ROOTFS_SUITE arm64)"
  mmdebstrap --quiet --arch=arm64 --variant=extract --include="$ROOTFS_PKGS" \
    --aptopt='Acquire::Languages "none"' "$ROOTFS_SUITE" "$work" "$MIRROR" >"$CACHE/work/mmdebstrap.log" 2>&1 \
    || { tail -40 "$CACHE/work/mmdebstrap.log" >&2; die "rootfs: mmdebstrap failed"; }
  local d
  for d in bin lib sbin; do [ -e "$work/$d" ] || [ -L "$work/$d" ] || ln -s "usr/$d" "$work/$d"; done   # usrmerge links
  # no maintainer scripts ran: provide what update-alternatives would (java & co on PATH)
  local jh
  jh=$(ls -d "$work"/usr/lib/jvm/java-*-openjdk-arm64 2>/dev/null | sort -V | tail -1 || true)
  [ -x "$jh/bin/java" ] || die "rootfs: no java in the extracted rootfs"
  for d in "$jh"/bin/*; do [ -e "$work/usr/bin/$(basename "$d")" ] || ln -s "${d#"$work"}" "$work/usr/bin/$(basename "$d")"; done
  ln -sfn "${jh#"$work"}" "$work/usr/lib/jvm/default-java"
  rm -rf "$work"/usr/share/{doc,man,info,locale,lintian} "$work"/var/cache/apt/* "$work"/var/lib/apt/lists/*
  # CDS archives for modes the lab never uses (compact headers, heaps >= 32 GB): -49 MB of initramfs
  rm -f "$jh"/lib/server/classes_coh.jsa "$jh"/lib/server/classes_nocoops*.jsa
  mkdir -p "$work"/{proc,sys,dev,tmp,run,root,mnt/share,etc}
  chmod 1777 "$work/tmp"
  [ -e "$work/etc/passwd" ] || printf 'root:x:0:0:root:/root:/bin/sh\n' > "$work/etc/passwd"
  [ -e "$work/etc/group" ]  || printf 'root:x:0:\n' > "$work/etc/group"
  [ -e "$work/etc/hostname" ] || echo cpumodel-lab > "$work/etc/hostname"
  write_init "$work/init"
  local jv
  jv=$(basename "$jh"); echo "$ROOTFS_SUITE arm64, $jv, $(du -sm "$work" | cut -f1) MB unpacked" > "$CACHE/rootfs.info"
  (cd "$work" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc -R 0:0 --quiet) > "$out.tmp"
  mv "$out.tmp" "$out"
  rm -rf "$work"
  echo "$want" > "$stampf"
  log "rootfs: $out $(du -m "$out" | cut -f1) MB, $(cat "$CACHE/rootfs.info") ($((SECONDS - t))s)"
}

write_init() { init_text > "$1"; chmod 755 "$1"; }
init_text() {
  cat <<'INIT'
#!/usr/bin/busybox sh
# cpumodel lab guest init: mount the basics, load the 9p modules of the running kernel, mount the
# host share at /mnt/share, run /mnt/share/run.sh (stdout/stderr to the console and to
# /mnt/share/lab.stdout, lab.stderr; exit status to /mnt/share/lab.status), then power off.
/usr/bin/busybox mkdir -p /bb
/usr/bin/busybox --install -s /bb
export PATH=/usr/local/bin:/usr/bin:/usr/sbin:/bb HOME=/root TERM=dumb LANG=C.UTF-8
export JAVA_HOME=/usr/lib/jvm/default-java
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
up() { cut -d' ' -f1 /proc/uptime; }
K=$(uname -r)
echo "=== lab: userspace at $(up)s, kernel $K, cmdline: $(cat /proc/cmdline)"
if [ -e /dev/kvm ]; then echo "=== lab: /dev/kvm present"; else echo "=== lab: /dev/kvm ABSENT"; fi
for m in $(cat /lib/modules/$K/lab-modules 2>/dev/null); do
  insmod /lib/modules/$K/$m.ko || echo "=== lab: insmod $m failed"
done
if mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 share /mnt/share; then
  S=/mnt/share
  rm -f $S/lab.stdout $S/lab.stderr $S/lab.status
  if [ -f $S/run.sh ]; then
    echo "=== lab: running /mnt/share/run.sh at $(up)s"
    mkfifo /tmp/lab.err
    tee $S/lab.stderr < /tmp/lab.err &
    TEEPID=$!
    { cd $S && sh $S/run.sh </dev/null 2>/tmp/lab.err; echo $? > /tmp/lab.rc; } | tee $S/lab.stdout
    wait $TEEPID
    rc=$(cat /tmp/lab.rc)
    echo "$rc" > $S/lab.status
    echo "=== lab: run.sh exit status $rc at $(up)s"
  else
    echo "=== lab: no /mnt/share/run.sh"
  fi
  sync
  cd /
  umount /mnt/share
else
  echo "=== lab: mounting the 9p share failed"
fi
echo "=== lab: poweroff at $(up)s"
sync
poweroff -f
INIT
}

# ---------------------------------------------------------------- 4. the nested guest
# The initramfs a VMM boots inside a lab host: busybox-static (arm64, from the side apt state), an /init that
# runs lab/guest/workload.c (cross-compiled statically here) with the wl.* parameters of the kernel command
# line and powers off when it exits. The kernel is the lab's own kernels/<k>/vmlinuz.
step_guest() {
  local stampf=$CACHE/stamps/guest out=$CACHE/guest work=$CACHE/work/guest t=$SECONDS src=$HERE/guest/workload.c
  [ -r "$src" ] || die "guest: $src is missing"
  command -v "$GUEST_CC" >/dev/null || die "guest: $GUEST_CC not found (the host step installs gcc-aarch64-linux-gnu)"
  local want
  want="rev=1 suite=$GUEST_SUITE workload=$(sha256sum < "$src" | cut -c1-16) init=$(guest_init_text | sha256sum | cut -c1-16) cc=$($GUEST_CC -dumpfullversion)"
  if [ "$(cat "$stampf" 2>/dev/null)" = "$want" ] && [ -s "$out/initrd.cpio" ] && ! forced guest; then
    log "guest: reusing $out/initrd.cpio ($(cat "$out/info" 2>/dev/null))"
    return 0
  fi
  rm -f "$stampf"
  side_apt_update
  rm -rf "$work"; mkdir -p "$work/debs" "$work/x" "$work/root"/{bin,dev,proc,sys,tmp,root}
  (cd "$work/debs" && apt-get "${APTOPT[@]}" -t "$GUEST_SUITE" download busybox-static >"$work/download.log" 2>&1) \
    || { cat "$work/download.log" >&2; die "guest: downloading busybox-static ($GUEST_SUITE arm64) failed"; }
  dpkg-deb -x "$work"/debs/busybox-static_*.deb "$work/x"
  local bb bbver
  bb=$(ls "$work/x/usr/bin/busybox" "$work/x/bin/busybox" 2>/dev/null | head -1 || true)
  [ -n "$bb" ] || die "guest: no busybox in busybox-static"
  bbver=$(dpkg-deb -f "$work"/debs/busybox-static_*.deb Version)
  $GUEST_CC -static -O2 -std=gnu11 -Wall -Wextra -Werror -o "$work/workload" "$src" 2>"$work/cc.log" \
    || { cat "$work/cc.log" >&2; die "guest: compiling $src failed"; }
  cp "$bb" "$work/root/bin/busybox"
  cp "$work/workload" "$work/root/bin/workload"
  guest_init_text > "$work/root/init"
  chmod 755 "$work/root/init" "$work/root/bin/busybox" "$work/root/bin/workload"
  chmod 1777 "$work/root/tmp"
  mknod -m 600 "$work/root/dev/console" c 5 1     # the kernel opens it for init's stdin/stdout/stderr
  mknod -m 666 "$work/root/dev/null" c 1 3
  mkdir -p "$out"
  (cd "$work/root" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc -R 0:0 --quiet) > "$out/initrd.cpio.tmp"
  mv "$out/initrd.cpio.tmp" "$out/initrd.cpio"
  cp "$work/workload" "$out/workload.tmp" && mv "$out/workload.tmp" "$out/workload"
  echo "busybox-static $bbver ($GUEST_SUITE arm64), workload $(du -k "$work/workload" | cut -f1) KiB static ($GUEST_CC $($GUEST_CC -dumpfullversion)), initrd $(du -k "$out/initrd.cpio" | cut -f1) KiB" > "$out/info"
  rm -rf "$work"
  echo "$want" > "$stampf"
  log "guest: $out/initrd.cpio: $(cat "$out/info") ($((SECONDS - t))s)"
}

guest_init_text() {
  cat <<'INIT'
#!/bin/busybox sh
# cpumodel nested guest init (lab/build.sh): mount proc/sys/dev, print the marker, run the workload with the
# wl.KEY=VALUE parameters of the kernel command line (as KEY=VALUE arguments), power off when it exits
# (poweroff -f: a PSCI SYSTEM_OFF for the VMM).
/bin/busybox --install -s /bin
export PATH=/bin HOME=/root
mount -t devtmpfs dev /dev
mount -t proc proc /proc
mount -t sysfs sys /sys
echo "=== cpumodel guest: userspace up"
echo "=== guest: uptime $(cut -d' ' -f1 /proc/uptime)s, kernel $(uname -r), cpus $(nproc), $(grep MemTotal /proc/meminfo | tr -s ' ')"
args=
for w in $(cat /proc/cmdline); do
  case $w in wl.*=*) args="$args ${w#wl.}";; esac
done
echo "=== guest: workload$args"
/bin/workload $args
rc=$?
echo "=== guest: workload exit status $rc at $(cut -d' ' -f1 /proc/uptime)s; poweroff"
poweroff -f
INIT
}

# ---------------------------------------------------------------- main
log "cache: $CACHE"
step_host
step_rootfs
for k in $KERNELS; do step_kernel "$k"; done
step_guest
rm -rf "$CACHE/work"/kernel-* 2>/dev/null || true
log "done in $((SECONDS - T0))s; cache uses $(du -sh "$CACHE" | cut -f1)"
