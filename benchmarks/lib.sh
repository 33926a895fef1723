# Shared by the benchmark scripts (sourced, not run): argument handling, messages, free ports, wrk
# times and CPU accounting from /proc.

# The script's header comment, without its "#" (its usage).
usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
}

# The scripts' one option: --build (BUILD=1), or -h/--help.
parse_args() {
    BUILD=0
    local arg
    for arg in "$@"; do
        case "$arg" in
            --build) BUILD=1 ;;
            -h|--help) usage; exit 0 ;;
            *) echo "unknown argument: $arg" >&2; usage >&2; exit 2 ;;
        esac
    done
}

die() { echo "$(basename "$0"): $*" >&2; exit 1; }
log() { echo "== $*" >&2; }
# need COMMAND HOW-TO-GET-IT
need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found: $2"; }

free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
        return
    fi
    local port
    for port in $(seq 39100 39400); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    die "no free port in 39100-39400"
}

# wrk time ("315.23us", "1.20ms", "2.01s", "1.00m") in milliseconds
to_ms() {
    awk -v t="$1" 'BEGIN {
        if (t ~ /us$/) { sub(/us$/, "", t); printf "%.3f", t / 1000 }
        else if (t ~ /ms$/) { sub(/ms$/, "", t); printf "%.3f", t }
        else if (t ~ /m$/) { sub(/m$/, "", t); printf "%.3f", t * 60000 }
        else if (t ~ /h$/) { sub(/h$/, "", t); printf "%.3f", t * 3600000 }
        else { sub(/s$/, "", t); printf "%.3f", t * 1000 } }'
}

# CPU ticks (utime + stime) of processes; a process that is gone counts 0
cpu_ticks() {
    local pid total=0
    for pid in "$@"; do
        total=$(( total + $( { sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null || echo; } | awk '{ print $12 + $13 + 0 }') ))
    done
    echo "$total"
}

# Sets LOAD_AT_START (the three load averages) and warns when the host is busy: on a shared host the
# tail is other processes' CPU time, not the service's.
note_load() {
    LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
    if awk -v l="${LOAD_AT_START%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > 0.25 * n) }'; then
        echo "WARNING: load average $LOAD_AT_START on $(nproc) CPUs: the host is busy, rates and tail latencies will be noisy" >&2
    fi
}

# stop_pid PID: SIGTERM, up to 10 s to exit, then SIGKILL; PID leaves the caller's PIDS array (the
# processes its cleanup stops).
stop_pid() {
    local pid=$1 kept=() p
    for p in "${PIDS[@]}"; do [[ $p == "$pid" ]] || kept+=("$p"); done
    PIDS=("${kept[@]}")
    kill "$pid" 2>/dev/null || return 0
    for _ in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
