#!/usr/bin/env bash
# Builds the control plane of go.mod beside this script (etcd, kube-apiserver, kube-controller-manager and
# kube-scheduler) and prints the directory that holds the four binaries:
#
#   $ESCHEDULER_CACHE/control-plane/k8s-<release>-etcd-<release>-<key>/    (ESCHEDULER_CACHE default ~/.cache/escheduler)
#
# <key> is a digest of go.mod, go.sum, this script and the Go version: a directory is built once and reused while they
# are unchanged; a changed pin builds a new one beside it (delete old ones by hand). Concurrent calls (run-tests.sh
# starts one in the background, each test JVM calls it too) wait for each other on a lock instead of building twice.
# Cold, the build costs about 730 CPU-seconds (at best 6 minutes on two free cores, more on a busy machine); warm, it returns
# at once.
#
#   --check   only check that the Go toolchain is new enough for go.mod (exit 2 with what to install when it is not)
set -euo pipefail

# All in a function: bash reads a script while it runs it, and an edit of this file during a build would otherwise
# change what the running build executes.
main() {
  here=$(cd "$(dirname "$0")" && pwd)
  script=$here/$(basename "$0")
  cd "$here"

  needed=$(sed -n 's/^go \([0-9.]*\)$/\1/p' go.mod)
  toolchain_hint="install Go $needed or newer: the Go project's linux release tarball unpacked into /usr/local/go, with /usr/local/go/bin on PATH (Debian 12's golang-go, 1.19, is too old; a Go of 1.21 or newer fetches the toolchain go.mod names by itself through the module proxy, unless GOTOOLCHAIN=local)"
  if ! command -v go >/dev/null; then
    echo "no go command: the Kubernetes end-to-end tests build their control plane from Go modules; $toolchain_hint" >&2
    exit 2
  fi
  have=$(go env GOVERSION 2>/dev/null | sed 's/^go//; s/[^0-9.].*//')
  older() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -1)" != "$2" ]; }
  if older "$have" "$needed"; then
    echo "go $have is older than $needed, which go.mod (k8s.io/kubernetes) needs: $toolchain_hint" >&2
    exit 2
  fi
  [ "${1:-}" = "--check" ] && exit 0

  k8s=$(sed -n 's/^\tk8s.io\/kubernetes \(v[^ ]*\).*/\1/p' go.mod)
  etcd=$(sed -n 's/^\tgo.etcd.io\/etcd\/server\/v3 \(v[^ ]*\).*/\1/p' go.mod | head -1)
  key=$(cat go.mod go.sum "$script" <(go env GOVERSION) | sha256sum | cut -c1-12)
  root=${ESCHEDULER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/escheduler}/control-plane
  dir=$root/k8s-$k8s-etcd-$etcd-$key
  [ -f "$dir/complete" ] && { echo "$dir"; exit 0; }

  mkdir -p "$root"
  exec 9>"$root/.lock"
  flock 9
  [ -f "$dir/complete" ] && { echo "$dir"; exit 0; }   # built by the call we waited for
  rm -rf "$root"/.build-*                               # what a killed build left (none runs: we hold the lock)

  started=$(date +%s)
  echo "building Kubernetes $k8s and etcd $etcd into $dir (once; about 730 CPU-seconds)" >&2
  tmp=$(mktemp -d "$root/.build-XXXXXX")
  chmod 755 "$tmp"
  trap 'rm -rf "$tmp"' EXIT
  minor=${k8s#v1.}; minor=${minor%%.*}
  version=k8s.io/component-base/version
  ldflags="-s -w -X $version.gitVersion=$k8s -X $version.gitMajor=1 -X $version.gitMinor=$minor -X $version.gitTreeState=clean"
  ldflags="$ldflags -X k8s.io/client-go/pkg/version.gitVersion=$k8s -X k8s.io/client-go/pkg/version.gitMajor=1"
  ldflags="$ldflags -X k8s.io/client-go/pkg/version.gitMinor=$minor"
  # Static binaries (as the Kubernetes release builds them): no C toolchain needed.
  CGO_ENABLED=0 go build -mod=readonly -trimpath -ldflags "$ldflags" -o "$tmp/" \
    go.etcd.io/etcd/server/v3 \
    k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler >&2
  mv "$tmp/server" "$tmp/etcd"   # go names a .../v3 main package after the element before the version
  for binary in etcd kube-apiserver kube-controller-manager kube-scheduler; do
    [ -x "$tmp/$binary" ] || { echo "go build made no $binary" >&2; exit 1; }
  done
  echo "built in $(( $(date +%s) - started )) s" > "$tmp/complete"
  rm -rf "$dir"
  mv "$tmp" "$dir"
  trap - EXIT
  echo "built in $(( $(date +%s) - started )) s" >&2
  echo "$dir"
}

main "$@"
