# Installs what ./run-tests.sh and ./demo.sh need, when it is missing (Debian/Ubuntu, as root or with sudo).
# Sourced: `require NEED...` with NEED among
#   java        a JDK 17+ (default-jdk-headless)
#   gcc         gcc and the C library headers (the MSR fixture library, test-fixtures/src/main/c)
#   prometheus  Debian's prometheus server (or PROMETHEUS_BIN)
#   postgresql  Debian's postgresql server (or PG_BIN)
#   postgresql-or-docker  the same, unless a Docker engine answers (Quarkus Dev Services then start one)
#   chromium    Debian's chromium (or CHROMIUM_BIN)
#   chattr      e2fsprogs
#   kubectl     Debian's kubernetes-client (or KUBECTL)
# The packages' own prometheus and postgresql services are disabled: the tests and the demo start their own.

say() { printf '\n==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root (or sudo) to run: $*" >&2; exit 1; fi
}

docker_answers() { command -v docker >/dev/null && timeout 10 docker info >/dev/null 2>&1; }

postgresql_installed() { [ -n "${PG_BIN:-}" ] || ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; }

# The Debian packages of the NEEDs that are missing, one a line.
missing_packages() {
  for need in "$@"; do
    case "$need" in
      java) command -v java >/dev/null || echo default-jdk-headless ;;
      gcc) command -v gcc >/dev/null || printf '%s\n' gcc libc6-dev ;;
      prometheus)
        [ -n "${PROMETHEUS_BIN:-}" ] || command -v prometheus >/dev/null || [ -x /usr/bin/prometheus ] || echo prometheus ;;
      postgresql) postgresql_installed || echo postgresql ;;
      postgresql-or-docker) postgresql_installed || docker_answers || echo postgresql ;;
      chromium)
        [ -n "${CHROMIUM_BIN:-}" ] || command -v chromium >/dev/null || command -v chromium-browser >/dev/null || echo chromium ;;
      chattr) command -v chattr >/dev/null || echo e2fsprogs ;;
      kubectl) [ -n "${KUBECTL:-}" ] || command -v kubectl >/dev/null || echo kubernetes-client ;;
      *) echo "prerequisites.sh: unknown need '$need'" >&2; exit 2 ;;
    esac
  done
}

require() {
  local missing
  mapfile -t missing < <(missing_packages "$@")
  if [ ${#missing[@]} -gt 0 ]; then
    if ! command -v apt-get >/dev/null; then
      echo "missing: ${missing[*]} (and no apt-get here): install them, or set PROMETHEUS_BIN, PG_BIN, CHROMIUM_BIN, KUBECTL" >&2; exit 1
    fi
    say "installing ${missing[*]} from apt"
    as_root apt-get update -qq
    # The prometheus and postgresql packages would start system services (on :9090, :5432); not needed here.
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    if command -v systemctl >/dev/null; then
      for service in prometheus postgresql; do
        [[ " ${missing[*]} " == *" $service "* ]] && as_root systemctl disable --now "$service" >/dev/null 2>&1 || true
      done
    fi
  fi
  local java_major
  java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = \([0-9]*\).*/\1/p')
  if [ "${java_major:-0}" -lt 17 ]; then
    echo "Java 17 or newer is needed (found ${java_major:-none}); set JAVA_HOME or install default-jdk-headless" >&2; exit 1
  fi
}
