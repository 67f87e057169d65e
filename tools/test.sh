#!/usr/bin/env bash
# The whole cpumodel test suite, as CI runs it (.ci/run calls this script):
#   1. every module's unit, property and conformance tests (Maven, JDK 25);
#   2. the lab tests: real arm64 Linux KVM (6.1, 6.12, 7.3) booted under QEMU emulation, judging
#      the reference model (lab/build.sh installs QEMU from Debian and builds the lab, cached).
# Environment: CPUMODEL_LAB=auto (default: run the lab when it can be built; required under CI=true),
#              CPUMODEL_LAB=off (skip it), CPUMODEL_LAB=require (fail when it cannot be built).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=tools/env.sh
. tools/env.sh
cpumodel_setup_java
cpumodel_setup_maven
t0=$(date +%s)
step() { echo "== test.sh [+$(( $(date +%s) - t0 ))s] $*"; }

lab=${CPUMODEL_LAB:-auto}
if [ "$lab" = auto ] && [ "${CI:-}" = true ]; then lab=require; fi

# Debian packages the tests use: virt-xml-validate (libvirt's own schema) for the libvirt emitter;
# dtc (device-tree-compiler) to decompile the VMM's device tree blobs; a PostgreSQL server (initdb,
# pg_ctl: the service's tests start their own on a loopback port) and headless Chromium with its
# WebDriver (the service's web page test). Under CI=true the service's tests fail when PostgreSQL or
# Chromium cannot be started.
need=()
command -v virt-xml-validate >/dev/null 2>&1 || need+=(libvirt-clients)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
command -v dtc >/dev/null 2>&1 || need+=(device-tree-compiler)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    step "installing Debian packages: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "test.sh: missing ${need[*]} (install them as root with apt-get); the tests that need them are skipped (they fail under CI=true)" >&2
  fi
fi

step "unit, property and conformance tests (JDK: $JAVA_HOME)"
./mvnw -B -ntp install

# Said last, so nobody mistakes a green unit run for the whole suite.
lab_not_run() {
  echo
  echo "################################################################################"
  echo "## test.sh: THE LAB TESTS DID NOT RUN ($1)."
  echo "## Only the unit, property and conformance tests passed: real-KVM verdicts, the"
  echo "## differential test, collect and the proof were NOT checked. Run as root on"
  echo "## Debian with CI=true (or CPUMODEL_LAB=require) to make a missing lab an error."
  echo "################################################################################"
}

if [ "$lab" = off ]; then
  step "lab tests skipped (CPUMODEL_LAB=off)"
  lab_not_run "CPUMODEL_LAB=off"
  exit 0
fi
step "building the emulated arm64 KVM lab (cached)"
if ! bash lab/build.sh; then
  if [ "$lab" = require ]; then
    echo "test.sh: the emulated lab could not be built (see above); it is required here (CI=true or CPUMODEL_LAB=require)" >&2
    exit 1
  fi
  step "lab could not be built: lab tests skipped (set CPUMODEL_LAB=require to make this an error)"
  lab_not_run "the lab could not be built; see the lab/build.sh output above"
  exit 0
fi
step "lab tests: real KVM on emulated arm64 hosts"
./mvnw -B -ntp -pl lab-tests test -Dcpumodel.test.groups=lab -Dcpumodel.test.excludedGroups=none
step "done"
