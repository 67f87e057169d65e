# shellcheck shell=bash
# Sourced by ./cpumodel, tools/test.sh and the lab scripts. Finds a JDK 25, points the
# Maven wrapper at Maven Central without naming its host in the repository, and makes
# sure the few Debian packages the build itself needs are present.
# Exit code 3 (environment problem) when something cannot be provided.

cpumodel_die_env() { echo "cpumodel: $*" >&2; exit 3; }

# A JDK whose release file says JAVA_VERSION="25..." (or newer).
cpumodel_find_jdk() {
  local cand v
  for cand in "${CPUMODEL_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$cand" ] && [ -x "$cand/bin/javac" ] && [ -f "$cand/release" ] || continue
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$cand/release")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then echo "$cand"; return 0; fi
  done
  return 1
}

cpumodel_setup_java() {
  local jdk
  jdk=$(cpumodel_find_jdk) || {
    # Debian 13 (trixie) and later ship OpenJDK 25; older releases need Temurin 25 beside them.
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && apt-cache show openjdk-25-jdk-headless >/dev/null 2>&1; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-25-jdk-headless >/dev/null || true
      jdk=$(cpumodel_find_jdk)
    fi
    [ -n "${jdk:-}" ] || cpumodel_die_env "no JDK 25 found (looked at \$CPUMODEL_JAVA_HOME, \$JAVA_HOME, /usr/lib/jvm/*); install a JDK 25 (Temurin 25 or Debian's openjdk-25-jdk-headless) and set JAVA_HOME to it"
  }
  export JAVA_HOME="$jdk"
  export PATH="$JAVA_HOME/bin:$PATH"
}

# Maven Central's URL as the machine's Maven declares it in its super POM.
cpumodel_central_url() {
  local jar
  jar=$(ls /usr/share/maven/lib/maven-model-builder-*.jar 2>/dev/null | head -1)
  if [ -z "$jar" ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q maven unzip >/dev/null 2>&1 || true
    jar=$(ls /usr/share/maven/lib/maven-model-builder-*.jar 2>/dev/null | head -1)
  fi
  [ -n "$jar" ] || return 1
  unzip -p "$jar" org/apache/maven/model/pom-4.0.0.xml 2>/dev/null | sed -n 's:.*<url>\(.*\)</url>.*:\1:p' | head -1
}

cpumodel_setup_maven() {
  if [ -z "${MVNW_REPOURL:-}" ]; then
    MVNW_REPOURL=$(cpumodel_central_url) || true
    [ -n "${MVNW_REPOURL:-}" ] || cpumodel_die_env "cannot find Maven Central's URL: install Debian's 'maven' package (its super POM names the central repository) or set MVNW_REPOURL"
    export MVNW_REPOURL
  fi
  export MAVEN_OPTS="${MAVEN_OPTS:-} -XX:+IgnoreUnrecognizedVMOptions --sun-misc-unsafe-memory-access=allow"
}
