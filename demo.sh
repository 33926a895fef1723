#!/usr/bin/env bash
# The whole of EScheduler on this machine, without RAPL, Kubernetes or Docker: four simulated nodes in two computing
# systems (the packaged msr-exporter on fixture machines whose energy and CPU counters follow a changing load), a real
# Prometheus scraping them, the packaged energy-analyzer with its own PostgreSQL, and runs of two programs registered
# through its REST API. Prints where to look; Ctrl-C stops everything it started. See README.md, "Try it".
#
# Installs what is missing as ./run-tests.sh does (Debian/Ubuntu, as root or with sudo): a JDK 17+, Debian's
# prometheus and postgresql packages. Builds the exporter, the analyzer and the demo unless nothing changed since.
#   ./demo.sh             build if needed, then run
#   ./demo.sh --no-build  run the jars already in */target
set -euo pipefail
cd "$(dirname "$0")"
export DEMO_STARTED_AT=${DEMO_STARTED_AT:-$(date +%s)}

build=auto
for arg in "$@"; do
  case "$arg" in
    --no-build) build=no ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $arg (./demo.sh [--no-build])" >&2; exit 2 ;;
  esac
done

source scripts/prerequisites.sh
require java prometheus postgresql

jars=(msr-exporter/target/quarkus-app/quarkus-run.jar energy-analyzer/target/quarkus-app/quarkus-run.jar demo/target/escheduler-demo.jar)
built() {
  local jar oldest=""
  for jar in "${jars[@]}"; do
    [ -f "$jar" ] || return 1
    if [ -z "$oldest" ] || [ "$jar" -ot "$oldest" ]; then oldest=$jar; fi
  done
  # no module's pom or source changed since the oldest was built (any module: whatever the three come to depend on)
  [ -z "$(find pom.xml ./*/pom.xml ./*/src -type f -newer "$oldest" -print -quit)" ]
}
if [ "$build" = auto ]; then
  if built; then
    say "the services are built and nothing changed since: no build"
  else
    say "building msr-exporter, energy-analyzer and the demo (./mvnw package)"
    # the tests are not even compiled (a third of the build): -Dmaven.test.skip; -DskipTests skips the fixture library's gcc
    ./mvnw -B -q -ntp package -DskipTests -Dmaven.test.skip=true -pl msr-exporter,energy-analyzer,demo -am
  fi
elif ! built 2>/dev/null && [ ! -f demo/target/escheduler-demo.jar ]; then
  echo "--no-build, but there is no demo/target/escheduler-demo.jar: run ./demo.sh without it once" >&2; exit 1
fi

java_bin=java
[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && java_bin=$JAVA_HOME/bin/java
# A shell without job control (a script started with &, CI) starts its commands with SIGINT ignored, and the JVM then
# leaves it ignored: give the demo back Ctrl-C (coreutils' env), so that SIGINT stops it wherever it was started.
default_int=()
env --default-signal=INT true 2>/dev/null && default_int=(env --default-signal=INT)
exec "${default_int[@]}" "$java_bin" -Xmx128m -jar demo/target/escheduler-demo.jar
