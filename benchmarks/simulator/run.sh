#!/usr/bin/env bash
# The simulator's speed (docs/simulator.md): a simulated week of the 1000-node reference cluster with every policy at
# the default 30 s interval, and a simulated day of a 5000-node cluster (bench-5000.yaml, the reference cluster five
# times over, with web-batch-5000.yaml), each beside its baseline (no policy: the simulated cluster alone) in the same
# run. Prints wall and CPU seconds, the policies' cost as a ratio to the baseline, and the host load before and after.
# Goals: each run with policies <= 60 s of wall time on a 2-core machine.
#
#   benchmarks/simulator/run.sh [--build]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=../lib.sh
. "$repo/benchmarks/lib.sh"
parse_args "$@"
jar="$repo/simulator/target/simulator.jar"
if [ "$BUILD" = 1 ] || [ ! -f "$jar" ]; then
    log "building simulator/target/simulator.jar"
    (cd "$repo" && ./mvnw -q -B -ntp -pl simulator -am package -DskipTests)
fi
out="$repo/bench-out/simulator"
mkdir -p "$out"
# a copy of the jar and its lib/: a rebuild during the runs must not pull the classes from under them
mkdir -p "$out/jar/lib"
cp "$jar" "$out/jar/simulator.jar"
cp "$repo/simulator/target/lib/"*.jar "$out/jar/lib/"
jar="$out/jar/simulator.jar"

# one run: NAME POLICIES ARGS...; prints "NAME wall-seconds cpu-seconds"
run() {
    local name=$1 policies=$2; shift 2
    local start end cpu
    start=$(date +%s.%N)
    /usr/bin/env time -f "%U %S" -o "$out/$name.time" java -jar "$jar" "$@" --policies "$policies" --quiet \
        --json "$out/$name.json" > "$out/$name.txt"
    end=$(date +%s.%N)
    cpu=$(awk '{ printf "%.1f", $1 + $2 }' "$out/$name.time")
    printf '%s %.1f %s\n' "$name" "$(echo "$end - $start" | bc)" "$cpu"
}

log "host load before: $(uptime)"
{
    run week-1000-baseline none --cluster "$repo/simulator/scenarios/webbatch-1000.yaml" --generate web-batch --days 7
    run week-1000-all all --cluster "$repo/simulator/scenarios/webbatch-1000.yaml" --generate web-batch --days 7
    run day-5000-baseline none --cluster "$here/bench-5000.yaml" --generate "$here/web-batch-5000.yaml" --days 1
    run day-5000-all all --cluster "$here/bench-5000.yaml" --generate "$here/web-batch-5000.yaml" --days 1
} | tee "$out/times.txt"
log "host load after: $(uptime)"
awk '{ wall[$1] = $2; cpu[$1] = $3 }
     END {
       printf "\n%-22s %10s %10s %22s %8s\n", "run", "wall s", "CPU s", "ratio to its baseline", "goal"
       split("week-1000 day-5000", k, " ")
       for (i = 1; i <= 2; i++) {
         b = k[i] "-baseline"; a = k[i] "-all"
         printf "%-22s %10.1f %10.1f %22s %8s\n", b, wall[b], cpu[b], "-", "-"
         printf "%-22s %10.1f %10.1f %21.2fx %8s\n", a, wall[a], cpu[a], wall[a] / wall[b], (wall[a] <= 60 ? "met" : "missed")
       }
     }' "$out/times.txt"
