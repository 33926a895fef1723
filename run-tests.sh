#!/usr/bin/env bash
# Runs the whole test suite: unit tests, Quarkus tests and the end-to-end tests that start the
# packaged services, a real Prometheus server and (from the analyzer on) a real PostgreSQL.
#
# What the tests need and this script provides when missing (Debian/Ubuntu, as root or with sudo):
#   - a JDK 17+ (the default-jdk-headless package)
#   - gcc, to build the MSR fixture preload library (test-fixtures/src/main/c) that the tests run under
#   - prometheus, Debian's server package (the tests start their own instances on loopback)
#   - postgresql, Debian's server package (the tests initdb and start their own instance on loopback;
#     where a Docker engine answers, Quarkus Dev Services start PostgreSQL in a container instead)
#   - chromium, Debian's package: the analyzer's report page (/report) is tested in headless Chromium
#     (or set CHROMIUM_BIN to a Chromium or Chrome executable)
#   - kubectl, from Debian's kubernetes-client package (kubectl 1.20 with kustomize v2.0.3): the kubernetes
#     module builds every kustomization with "kubectl kustomize" (or set KUBECTL to another kubectl)
# and checks, without installing it:
#   - Go, at least the version test-fixtures/src/main/go/control-plane/go.mod names (1.26; Debian 12's golang-go is
#     1.19, too old): the kubernetes module's end-to-end tests run a real control plane (etcd, kube-apiserver,
#     kube-controller-manager, kube-scheduler) built from its Go modules at one pinned release. The build runs once per
#     pin into ~/.cache/escheduler/control-plane (about 730 CPU-seconds: 6 minutes or more on 2 cores; started here in
#     the background so that it overlaps the other modules' tests, its log in target/control-plane-build.log) and is
#     reused after that.
# Extra arguments go to Maven, e.g. ./run-tests.sh -pl msr-exporter -am
set -euo pipefail
cd "$(dirname "$0")"

source scripts/prerequisites.sh
require java gcc prometheus postgresql-or-docker chromium chattr kubectl

# The control plane is needed by the kubernetes module's tests: unless the arguments pick modules without it.
needs_control_plane=1
if [[ " $* " == *" -pl "* || " $* " == *" --projects "* ]] && [[ "$*" != *kubernetes* ]]; then
  needs_control_plane=0
fi
if [ "$needs_control_plane" = 1 ]; then
  control_plane=test-fixtures/src/main/go/control-plane/build.sh
  bash "$control_plane" --check || exit 1   # says what to install
  mkdir -p target
  say "building the Kubernetes control plane in the background, if not built yet (log: target/control-plane-build.log)"
  nice -n 10 bash "$control_plane" >target/control-plane-build.log 2>&1 &
fi

say "running the test suite (./mvnw verify)"
exec ./mvnw -B -ntp verify "$@"
