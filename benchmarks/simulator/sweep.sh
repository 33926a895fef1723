#!/usr/bin/env bash
# Threshold sweep of the power policies (docs/simulator.md, "Defaults"): every combination of the values below, all
# seven policies enforced, on a reference scenario; one row per combination with the energy saved against the baseline,
# the pods pending longer than the longest boot time plus one policy interval, and power cycles per node per day. The
# rule that chose the defaults: the most energy saved with no pod pending longer than boot time plus one interval and
# at most one power cycle per node per day.
#
#   benchmarks/simulator/sweep.sh [--build]
#   SCENARIO=mixed-200 GENERATOR=mixed DAYS=2 benchmarks/simulator/sweep.sh
#   GRID='power-off.grace-period=10m,30m consolidation.num=1,2' benchmarks/simulator/sweep.sh
#   NAME=hpc-spare SCENARIO=hpc-64 GENERATOR=hpc DAYS=7 GRID='consolidation.spare-nodes=0,1,2,3' benchmarks/simulator/sweep.sh
# Results go to bench-out/simulator-sweep/$NAME (default: the scenario's name).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=../lib.sh
. "$repo/benchmarks/lib.sh"
parse_args "$@"
jar="$repo/simulator/target/simulator.jar"
if [ "$BUILD" = 1 ] || [ ! -f "$jar" ]; then
    (cd "$repo" && ./mvnw -q -B -ntp -pl simulator -am package -DskipTests)
fi
SCENARIO=${SCENARIO:-mixed-200}
GENERATOR=${GENERATOR:-mixed}
DAYS=${DAYS:-2}
SEED=${SEED:-1}
GRID=${GRID:-"power-off.grace-period=10m,20m,30m consolidation.num=1,2 dvfs.lower-below-percent=20,30"}
NAME=${NAME:-$SCENARIO}
out="$repo/bench-out/simulator-sweep/$NAME"
mkdir -p "$out"
# a copy of the jar and its lib/: a rebuild during a long sweep must not pull the classes from under it
mkdir -p "$out/jar/lib"
cp "$jar" "$out/jar/simulator.jar"
cp "$repo/simulator/target/lib/"*.jar "$out/jar/lib/"
jar="$out/jar/simulator.jar"
rm -f "$out"/*.json "$out"/*.settings

# every combination of the grid, one per line, as "--set k=v --set k=v"
combos=("")
for axis in $GRID; do
    key=${axis%%=*}
    values=${axis#*=}
    next=()
    for c in "${combos[@]}"; do
        for v in ${values//,/ }; do
            next+=("$c --set $key=$v")
        done
    done
    combos=("${next[@]}")
done

# one table row from RUN.json and RUN.settings
row() {
    python3 - "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1] + ".json"))
ok = r["podsPendingBeyondBoot"] == 0 and r["powerCyclesPerNodePerDay"] <= 1
settings = open(sys.argv[1] + ".settings").read().replace("--set ", "").strip()
print(f'{settings:<50} {r["energyKWh"]:>10.1f} {r["savingPercent"]:>7.1f}% {r["pendingSecondsP99"]:>8.0f} {r["podsPendingBeyondBoot"]:>10} '
      f'{r["evictions"]:>9} {r["powerCyclesPerNodePerDay"]:>10.2f} {r["lostCpuSeconds"]:>12.0f} {"kept" if ok else "broken"}')
PY
}

# the row that saves most among those that keep the rule
best() {
    python3 - "$1" <<'PY'
import glob, json, sys
rows = []
for f in glob.glob(sys.argv[1] + "/*.json"):
    r = json.load(open(f))
    if r["podsPendingBeyondBoot"] == 0 and r["powerCyclesPerNodePerDay"] <= 1:
        rows.append((r["savingPercent"], open(f[:-5] + ".settings").read().replace("--set ", "").strip()))
rows.sort(reverse=True)
print(f"{rows[0][1]}: {rows[0][0]:.1f} % saved" if rows else "no combination keeps the rule")
PY
}

echo "host load before: $(uptime)" | tee "$out/load.txt" >&2
log "${#combos[@]} combinations of $GRID on $SCENARIO, $DAYS days, seed $SEED"
printf '%-50s %10s %8s %8s %10s %9s %10s %12s %s\n' "settings" "kWh" "saving" "p99 s" ">boot+int" "evictions" "cycles/n/d" "lost CPU-s" "rule" \
    | tee "$out/sweep.txt"
i=0
for c in "${combos[@]}"; do
    i=$((i + 1))
    # shellcheck disable=SC2086
    java -jar "$jar" --cluster "$repo/simulator/scenarios/$SCENARIO.yaml" --generate "$GENERATOR" --days "$DAYS" --seed "$SEED" \
        --policies all --quiet --json "$out/$i.json" $c > /dev/null
    echo "$c" > "$out/$i.settings"
    row "$out/$i" | tee -a "$out/sweep.txt"
done
echo "host load after: $(uptime)" | tee -a "$out/load.txt" >&2
echo
echo "best under the rule:"
best "$out" | tee -a "$out/sweep.txt"
