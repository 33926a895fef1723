#!/usr/bin/env python3
"""Helpers of ingest.sh (standard library only).

  drive SCHEDULE.json NODE=TREE...  advance each fixture tree's powercap energy_uj files at known
                                    watts until SIGTERM; the schedule (epoch, watts) goes to SCHEDULE.json
  post URL RUNS FROM TO SYSTEMS...  POST RUNS runs with windows inside [FROM, TO] (Unix seconds);
                                    SYSTEMS are "name=node,node"; prints one JSON line of figures
  check SCHEDULE.json < rows.tsv    compare profiled energy with the schedule's (rows: id, nodes
                                    as {a,b}, start, end (Unix s), energy J, peak W, min W, samples)
  jfr SUMMARY.txt < jfr-print.txt   where the analyzer's CPU samples fall (jfr print --stack-depth 64
                                    --events jdk.ExecutionSample)
"""
import http.client
import json
import math
import os
import random
import signal
import statistics
import sys
import threading
import time
from urllib.parse import urlsplit

PERIOD_S = 0.05        # the driver writes every 50 ms (the exporter reads files at most every 200 ms)
SQUARE_PERIOD_S = 20   # package 0 alternates between its high and low power every 10 s


# ---------------------------------------------------------------- power schedule
def zones_of(node_index):
    """The zones of node NODE_INDEX (0-based): powercap zone -> (low W, high W, phase s).
    Package 0 is a square wave (high for the first half of each period), the others constant;
    nodes differ by their levels and phase, so their profiles differ."""
    low = 60.0 + 10 * node_index
    return {
        "intel-rapl:0": (low, low + 60.0, 3.0 * node_index),   # package-0: e.g. 60 W <-> 120 W
        "intel-rapl:0:0": (8.0, 8.0, 0.0),                     # its DRAM
        "intel-rapl:1": (35.0, 35.0, 0.0),                     # package-1
        "intel-rapl:1:0": (5.0, 5.0, 0.0),                     # its DRAM
    }


def joules_until(zone, seconds):
    """Energy a zone (low, high, phase) drew from the epoch to SECONDS after it."""
    low, high, phase = zone
    if seconds <= 0:
        return 0.0
    if low == high:
        return low * seconds
    half = SQUARE_PERIOD_S / 2

    def from_zero(t):  # energy of an unshifted square wave (high first) from 0 to t
        periods, rest = divmod(t, SQUARE_PERIOD_S)
        return periods * half * (low + high) + min(rest, half) * high + max(rest - half, 0) * low

    # shifted by PHASE: the wave at time t is the unshifted wave at t + phase
    return from_zero(seconds + phase) - from_zero(phase)


def drive(schedule_file, node_trees):
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    files = []   # (fd, base µJ, wrap µJ, zone)
    schedule = {"period_s": SQUARE_PERIOD_S, "nodes": {}}
    for index, spec in enumerate(node_trees):
        node, tree = spec.split("=", 1)
        schedule["nodes"][node] = {}
        for name, zone in zones_of(index).items():
            directory = os.path.join(tree, "sys/class/powercap", name)
            with open(os.path.join(directory, "energy_uj")) as f:
                base = int(f.read().strip())
            with open(os.path.join(directory, "max_energy_range_uj")) as f:
                wrap = int(f.read().strip()) + 1
            # written in place, never truncated to empty: the exporter keeps the file open, as on sysfs
            files.append((os.open(os.path.join(directory, "energy_uj"), os.O_WRONLY), base, wrap, zone))
            schedule["nodes"][node][name] = list(zone)
    epoch = time.time()
    schedule["epoch"] = epoch
    tmp = schedule_file + ".tmp"
    with open(tmp, "w") as f:
        json.dump(schedule, f)
    os.rename(tmp, schedule_file)   # ingest.sh waits for this file: the counters move from now on
    next_write = time.monotonic()
    while not stop.is_set():
        seconds = time.time() - epoch
        for fd, base, wrap, zone in files:
            data = b"%d\n" % ((base + round(joules_until(zone, seconds) * 1e6)) % wrap)
            os.pwrite(fd, data, 0)
            os.ftruncate(fd, len(data))   # only shortens after a wrap
        next_write += PERIOD_S
        stop.wait(max(0.0, next_write - time.monotonic()))


# ---------------------------------------------------------------- POST runs
def post(url, count, window_from, window_to, systems, concurrency=4, seed=1):
    parts = urlsplit(url)
    rng = random.Random(seed)
    members = {}
    for spec in systems:
        name, nodes = spec.split("=", 1)
        members[name] = nodes.split(",")
    names = sorted(members)
    all_nodes = sorted(n for nodes in members.values() for n in nodes)
    bodies = []
    span = window_to - window_from
    for i in range(count):
        duration = min(rng.uniform(5, 60), span)
        start = rng.uniform(window_from, window_to - duration)
        run = {"program": "app-%02d" % rng.randint(1, 50),
               "start": iso(start), "end": iso(start + duration), "id": "ingest-%d-%d" % (seed, i)}
        if rng.random() < 0.25:
            run["system"] = rng.choice(names)        # all the system's nodes
        else:
            run["nodes"] = [rng.choice(all_nodes)]
        bodies.append(json.dumps(run).encode())
    lock = threading.Lock()
    status = {}
    latencies = []

    def worker(chunk):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        for body in chunk:
            t = time.perf_counter()
            conn.request("POST", "/v1/runs", body, {"Content-Type": "application/json",
                                                     "Authorization": "Bearer " + os.environ.get("BENCH_TOKEN", "")})
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - t
            with lock:
                status[response.status] = status.get(response.status, 0) + 1
                latencies.append(elapsed)
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(bodies[k::concurrency],)) for k in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    latencies.sort()
    print(json.dumps({"posted": count, "created": status.get(201, 0), "status": status, "seconds": round(seconds, 3),
                      "per_second": round(count / seconds, 1),
                      "p50_ms": round(latencies[len(latencies) // 2] * 1000, 2),
                      "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, 2)}))
    return 0 if status.get(201, 0) == count else 1


def iso(seconds):
    whole = math.floor(seconds)
    millis = int(round((seconds - whole) * 1000))
    if millis == 1000:
        whole, millis = whole + 1, 0
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole)) + ".%03dZ" % millis


# ---------------------------------------------------------------- check profiles against the schedule
def check(schedule_file):
    with open(schedule_file) as f:
        schedule = json.load(f)
    epoch = schedule["epoch"]
    errors = []
    curves = 0
    rows = 0
    for line in sys.stdin:
        fields = line.rstrip("\n").split("\t")
        if len(fields) < 8:
            continue
        rows += 1
        nodes = fields[1].strip("{}").split(",")
        start, end, energy = float(fields[2]) - epoch, float(fields[3]) - epoch, float(fields[4])
        peak, low, samples = float(fields[5]), float(fields[6]), int(fields[7])
        expected = sum(joules_until(zone, end) - joules_until(zone, start)
                       for node in nodes for zone in schedule["nodes"][node].values())
        errors.append(abs(energy - expected) / expected)
        curves += samples > 0 and peak > low
    if not errors:
        print("no complete run to check")
        return 1
    errors.sort()
    print("energy vs the driver's schedule over %d runs: median error %.3f%%, p99 %.3f%%, max %.3f%%; "
          "%d runs with a power curve whose peak exceeds its minimum"
          % (rows, 100 * statistics.median(errors), 100 * errors[min(len(errors) - 1, int(len(errors) * 0.99))],
             100 * errors[-1], curves))
    return 0 if statistics.median(errors) < 0.02 else 1


# ---------------------------------------------------------------- JFR: where the CPU samples fall
# A sample's kind: the first rule any of its frames matches (order matters: a log call inside a
# transaction is logging; JSON decoding inside the REST client is JSON).
KINDS = [
    ("logging", ("org.jboss.logmanager.", "org.jboss.logging.")),
    ("database (Hibernate, Agroal, JDBC, Narayana)", ("org.postgresql.", "org.hibernate.", "io.agroal.", "com.arjuna.",
                                                      "io.quarkus.narayana.", "io.quarkus.hibernate.")),
    ("JSON decoding of Prometheus answers", ("com.fasterxml.jackson.", "io.escheduler.analyzer.prometheus.Sample.",
                                             "io.escheduler.analyzer.prometheus.Series.")),
    ("HTTP client to Prometheus (REST client, Vert.x, Netty)", ("org.jboss.resteasy.reactive.client.", "io.quarkus.rest.client.",
                                                               "io.vertx.", "io.netty.", "io.smallrye.faulttolerance.")),
    ("profile arithmetic (io.escheduler)", ("io.escheduler.",)),
]


def jfr(summary_file):
    """Reads `jfr print --stack-depth 64 --events jdk.ExecutionSample` and writes where the samples fall:
    by kind, by thread, the hottest top frames and the share under each io.escheduler method (inclusive)."""
    top, inclusive, kinds, threads = {}, {}, {}, {}
    total = 0
    stack = None
    thread = "?"
    for line in sys.stdin:
        line = line.strip()
        if line.startswith("sampledThread = "):
            thread = line.split('"')[1].rstrip("0123456789")
        elif line.startswith("stackTrace = ["):
            stack = []
        elif stack is not None:
            if line.startswith("]"):
                total += 1
                threads[thread] = threads.get(thread, 0) + 1
                if stack:
                    top[stack[0]] = top.get(stack[0], 0) + 1
                kind = next((name for name, prefixes in KINDS if any(f.startswith(prefixes) for f in stack)), "other")
                kinds[kind] = kinds.get(kind, 0) + 1
                for frame in set(f for f in stack if f.startswith("io.escheduler.")):
                    inclusive[frame] = inclusive.get(frame, 0) + 1
                stack = None
            elif line != "...":
                stack.append(line.split(" line:")[0])

    def table(out, counts, limit):
        for key, n in sorted(counts.items(), key=lambda kv: -kv[1])[:limit]:
            out.write("  %5.1f%%  %s\n" % (100.0 * n / max(total, 1), key))

    with open(summary_file, "w") as out:
        out.write("%d execution samples of the analyzer while it profiled\n\nby kind (first matching rule over the stack):\n" % total)
        table(out, kinds, 10)
        out.write("\nby thread:\n")
        table(out, threads, 10)
        out.write("\nhottest top frames:\n")
        table(out, top, 25)
        out.write("\nsamples under each io.escheduler method (inclusive):\n")
        table(out, inclusive, 30)
    return 0


def main(argv):
    if len(argv) >= 3 and argv[1] == "drive":
        drive(argv[2], argv[3:])
        return 0
    if len(argv) >= 6 and argv[1] == "post":
        return post(argv[2], int(argv[3]), float(argv[4]), float(argv[5]), argv[6:])
    if len(argv) == 3 and argv[1] == "check":
        return check(argv[2])
    if len(argv) == 3 and argv[1] == "jfr":
        return jfr(argv[2])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
