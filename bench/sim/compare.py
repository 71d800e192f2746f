#!/usr/bin/env python3
"""A recorded `horizon demo` run against `horizon sim` of its trace: prints Markdown tables.

Usage: compare.py DIR, where DIR holds the demo's instances.csv and phases.json and the simulator's sim/timeline.csv
and sim/summary.json (bench/sim/reproduce leaves them so).

- Peak instances: the largest `instances` (every live instance: starting, warming, ready, draining) and the largest
  `ready` of each timeline.
- Scale-outs: the second the fleet first reached each count, real against simulated (a jump of two counts both at
  once; the issue's target, every scale-out within 2 s, is read off this table).
- Fleet changes: every second the `instances` column changed, in order, real against simulated (a scale-out launches
  its instances in the decision's second and a scale-in starts their drain, which takes well under a second for the
  shop; the demo samples its fleet once a second, so a real change is known to within a second). The simulator's
  decisions from summary.json are listed too.
- p95 per phase: the phases' windows from phases.json, from the second each really began (`began-seconds`). The
  demo's p95 of a phase is the shoppers' own (phases.json, measured at the client over every answer that ended in the
  phase, errors included; HdrHistogram, within 1 %); the simulator's is its summary's window of the same name
  (`horizon sim --window PHASE=FROM..TO`: every request that ended in it, at the time its client waited; bucket
  midpoints, within 3.2 %), so the two are the same statistic over the same stretch. The gateway's recorded timeline holds only
  p50, p95 and p99 per second (from buckets of four per power of two: the bucket's middle; in runs recorded before
  2026-12-04 its upper edge, so their gateway estimate reads about a tenth higher and does not compare across the
  change), so beside them the phase's p95
  is also estimated the same way for the gateway and the simulation: each second's latencies as a distribution
  through (0, 0), (p50, 0.5), (p95, 0.95), (p99, 0.99), (1.5 × p99, 1) with straight lines between, weighted by the
  second's served requests; the phase's p95 is where their mixture reaches 0.95. The requests the gateway's
  concurrency limit shed in the phase are shown too (phases.json's `shed`; the simulated timeline's `shed` column).
- `twin DIR DIR`: two recordings of the demo with the same seed against each other, on the same targets (peak, each
  count's first second, each phase's shoppers' p95, the requests shed), to read the simulation's misses against how
  closely the real system reproduces itself.
"""
import bisect
import collections
import csv
import datetime
import glob
import json
import re
import statistics
import math
import sys
from pathlib import Path


def rows(path):
    with open(path, newline="") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    out = []
    for r in csv.DictReader(lines):
        out.append({k: number(v) for k, v in r.items()})
    return out


def number(text):
    """A CSV field as a float (NaN when empty), or as it is when it is not a number (an instance's name)."""
    if text in ("", None):
        return math.nan
    try:
        return float(text)
    except ValueError:
        return text


def phases_of(directory):
    """The demo's phases as it recorded them (DIR/phases.json)."""
    return json.loads((Path(directory) / "phases.json").read_text())["phases"]


def peak(timeline, column):
    values = [r[column] for r in timeline if not math.isnan(r[column])]
    return int(max(values)) if values else 0


def steps(timeline):
    """[(second, from, to)]: every second the `instances` column changed."""
    out, last = [], None
    for r in timeline:
        n = r["instances"]
        if math.isnan(n):
            continue
        if last is not None and int(n) != last:
            out.append((int(r["time"]), last, int(n)))
        last = int(n)
    return out


def reached(timeline):
    """{n: the first second the `instances` column reached n or more}, for every count above the first row's: when
    each scale-out's instance was launched, whether it came alone or in a jump of several."""
    out, first = {}, None
    for r in timeline:
        n = r["instances"]
        if math.isnan(n):
            continue
        first = int(n) if first is None else first
        for k in range(first + 1, int(n) + 1):
            out.setdefault(k, int(r["time"]))
    return out


def cdf(points, x):
    if x <= 0:
        return 0.0
    for (x0, q0), (x1, q1) in zip(points, points[1:]):
        if x <= x1:
            return q0 + (q1 - q0) * (x - x0) / (x1 - x0) if x1 > x0 else q1
    return 1.0


def phase_p95(timeline, start, end):
    seconds = [r for r in timeline if start <= r["time"] < end and r["served"] > 0 and not math.isnan(r["p95-ms"])]
    if not seconds:
        return math.nan
    dists = []
    for r in seconds:
        p50, p95, p99 = r["p50-ms"], r["p95-ms"], r["p99-ms"]
        p99 = p99 if not math.isnan(p99) else p95
        points = [(0.0, 0.0), (p50, 0.5), (max(p95, p50), 0.95), (max(p99, p95, p50), 0.99),
                  (1.5 * max(p99, p95, p50), 1.0)]
        dists.append((r["served"], points))
    total = sum(w for w, _ in dists)
    lo, hi = 0.0, max(p[-1][0] for _, p in dists)
    for _ in range(60):
        mid = (lo + hi) / 2
        if sum(w * cdf(p, mid) for w, p in dists) / total < 0.95:
            lo = mid
        else:
            hi = mid
    return hi


def pct(sim, real):
    if math.isnan(sim) or math.isnan(real) or real == 0:
        return "-"
    return f"{(sim - real) / real * 100:+.0f} %"


def ms(v):
    return "-" if math.isnan(v) else f"{v:.1f}"


def stamp(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def launches(directory):
    """{instance: epoch seconds it was launched}, from the demo's horizon.log."""
    launched = {}
    for line in open(Path(directory) / "horizon.log"):
        m = re.match(r"(\S+) horizon: (shop-\d+) (\S+) -> (\S+):", line)
        if m and m.group(4) == "STARTING":
            launched[m.group(2)] = stamp(m.group(1))
    return launched


def start_to_ready(directory):
    """{instance: seconds from launch to its first passed health check}, from the demo's horizon.log."""
    launched, ready = launches(directory), readies(directory)
    return {i: ready[i] - launched[i] for i in sorted(ready, key=lambda i: int(i.split("-")[1])) if i in launched}


def requests(directory):
    """[(seconds from the first request, path, duration ms)] of every shop request the instances logged."""
    out = requests_at(directory)
    first = min(r[0] for r in out)
    return [(t - first, p, d) for t, p, d, _ in out]


def requests_at(directory):
    """[(epoch seconds, path, duration ms, instance)] of every shop request the instances logged."""
    out = []
    for f in glob.glob(str(Path(directory) / "instances" / "*.log")):
        for line in open(f):
            try:
                j = json.loads(line)
            except ValueError:
                continue
            if j.get("msg") == "request" and j.get("path") != "/livez":
                out.append((stamp(j["time"]), j["method"] + " " + re.sub(r"^/orders.*", "/orders", j["path"]),
                            j["duration_ms"], j.get("instance")))
    return out


def measure(directory):
    """Prints `SERVICE_MS START_TO_READY` for the mix variant: the shop's mean time per request in the first phase
    (its own logs, server side) and the median start-to-ready of the instances launched by scale-outs."""
    phases = phases_of(directory)
    end = phases[0]["start-seconds"] + phases[0]["seconds"]
    ramp = [d for t, _, d in requests(directory) if t < end]
    launched = list(start_to_ready(directory).values())[2:] or list(start_to_ready(directory).values())
    print(f"{statistics.mean(ramp):.1f}ms {statistics.median(launched) * 1000:.0f}ms")


TICKS = 100  # USER_HZ: /proc's CPU times are in 1/100 s on Linux


def host_busy():
    """(busy, total) jiffies of the whole machine since boot, /proc/stat's first line (idle and iowait are idle)."""
    f = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    total = sum(f[:8])
    return total - f[3] - f[4], total


def tree_cpu(root):
    """{pid: utime + stime} of every process, and {pid: depth} of those under `root` (its children 1, theirs 2…)."""
    parent, cpu = {}, {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            text = open(stat).read()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2:].split()
        pid = int(stat.split("/")[2])
        parent[pid] = int(fields[1])
        cpu[pid] = int(fields[11]) + int(fields[12])
    under, frontier = {}, [(root, 0)]
    while frontier:
        p, depth = frontier.pop()
        for child, ppid in parent.items():
            if ppid == p and child not in under:
                under[child] = depth + 1
                frontier.append((child, depth + 1))
    return cpu, under


def instance_of(pid, names):
    """The INSTANCE_ID the fleet gave process PID (its environment; a process it started inherits it), cached in
    NAMES; empty for a process without one."""
    if pid not in names:
        try:
            env = open(f"/proc/{pid}/environ", "rb").read().split(b"\0")
        except OSError:
            return ""
        names[pid] = next((e[12:].decode() for e in env if e.startswith(b"INSTANCE_ID=")), "")
    return names[pid]


def sample(root, out):
    """Writes OUT, one row a second until ROOT exits: the cores the machine was busy, ROOT's own process used (the
    one process `timeout` ROOT runs: the demo's JVM, or `horizon up`), and the processes under that one (the
    instances) used. A process first seen counts its CPU since it started. Beside it, OUT with `-instances` before
    `.csv`: the same seconds' CPU of each instance (`time,instance,cpu`, by the INSTANCE_ID in its environment)."""
    import os
    import time
    ncpu = os.cpu_count()
    if not os.path.exists(f"/proc/{root}"):
        sys.exit(f"sample: no process {root}")
    with open(out, "w") as f, open(out.removesuffix(".csv") + "-instances.csv", "w") as g:
        f.write(f"# {ncpu} cores\ntime,host-busy,root,children\n")
        g.write("time,instance,cpu\n")
        last_busy, last_total = host_busy()
        seen, names = {}, {}
        while os.path.exists(f"/proc/{root}"):
            time.sleep(1)
            cpu, under = tree_cpu(root)
            busy, total = host_busy()
            if total == last_total:
                continue
            cores = ncpu * (busy - last_busy) / (total - last_total)
            interval = (total - last_total) / ncpu / TICKS
            by_instance = collections.Counter()
            for p, depth in under.items():
                if depth >= 2 and p in cpu:
                    by_instance[instance_of(p, names)] += (cpu[p] - seen.get(p, 0)) / TICKS
            children = sum(by_instance.values())
            own = sum(cpu[p] - seen.get(p, 0) for p, depth in under.items() if depth == 1 and p in cpu) / TICKS
            for p in under:
                if p in cpu:
                    seen[p] = cpu[p]
            now = time.time()
            f.write(f"{now:.1f},{cores:.3f},{own / interval:.3f},{children / interval:.3f}\n")
            for name, used in sorted(by_instance.items()):
                if name:
                    g.write(f"{now:.1f},{name},{used / interval:.3f}\n")
            f.flush()
            g.flush()
            last_busy, last_total = busy, total


def reserved(directory):
    """Prints the cores, the millicores the rest of the machine (the demo's own JVM with the gateway, H2 and the
    shoppers, and anything else running) took when the instances wanted the most, and how many seconds that is: the
    mean of host-busy − instances over the quarter of the demo's seconds in which the instances used the most CPU
    (the ceiling binds when they want the most; while they want little, the rest takes what they leave). Also, to
    stderr, the mean over every second with the host at least 90 % busy, the rule of the first such run."""
    cpu = rows(Path(directory) / "demo-cpu.csv")
    ncpu = int(open(Path(directory) / "demo-cpu.csv").readline().split()[1])
    top = sorted(cpu, key=lambda r: -r["children"])[:max(1, len(cpu) // 4)]
    rest = statistics.mean(r["host-busy"] - r["children"] for r in top)
    busy = [r for r in cpu if r["host-busy"] >= 0.9 * ncpu]
    if busy:
        print(f"    (over all {len(busy)} busy seconds the rest took "
              f"{round(statistics.mean(r['host-busy'] - r['children'] for r in busy) * 1000)}m)", file=sys.stderr)
    print(f"{ncpu} {round(rest * 1000)}m {len(top)}")


def in_sample(count, end):
    """What a CPU sample taken at `end`, which covers (end − 1, end], sees of per-second counts: each second's count
    (`count(k)` for second k) in proportion to its overlap with the sample."""
    whole = math.floor(end)
    part = end - whole
    return count(whole - 1) * (1 - part) + count(whole) * part


def restline(directory):
    """Prints `IDLE PER_REQUESTms`: the rest of the machine's CPU (host-busy − instances, each sampled second) as a
    straight line over the requests the trace offered in the same second (least squares over the seconds from the
    trace's first to its last): what it takes idle and what it spends per request — the gateway, H2 and the shoppers
    follow the traffic (`horizon sim --host-reserved IDLE --host-request-cpu PER_REQUEST`). The trace's counts are what
    the simulator multiplies (shed and rate-limited requests included); its first second with requests is the epoch
    second of the first request the instances logged (the trace counts by arrival at the gateway, milliseconds
    earlier), and a CPU sample
    at time t, which covers (t − 1, t], takes each trace second's count in proportion to their overlap. IDLE is `0`
    under 10m (the smallest CPU `horizon sim` takes)."""
    cpu = rows(Path(directory) / "demo-cpu.csv")
    counts = [r["rps"] for r in rows(Path(directory) / "trace.csv")]
    # the first logged request fell in the trace's first second with requests (the trace starts when the shoppers do)
    first_busy = next((k for k, c in enumerate(counts) if c > 0), 0)
    base = math.floor(min(t for t, _, _, _ in requests_at(directory))) - first_busy
    xs, ys = [], []
    for r in cpu:
        start, end = r["time"] - 1 - base, r["time"] - base
        if start < 0 or end > len(counts):
            continue
        xs.append(in_sample(lambda k: counts[k] if 0 <= k < len(counts) else 0, end))
        ys.append(r["host-busy"] - r["children"])
    slope, idle = statistics.linear_regression(xs, ys)
    if slope < 0:
        slope, idle = 0.0, statistics.mean(ys)
    idle_m = round(idle * 1000)
    print(f"{idle_m}m" if idle_m >= 10 else "0", f"{slope * 1000:.3f}ms")


WARM = 30  # seconds after its first passed health check from which an instance counts as warm (as in coldstart)


def instance_samples(directory, ready):
    """[(sample time, instance, cpu, requests)] of every instance in READY (its first passed health check): each of
    its CPU samples (demo-cpu-instances.csv) with the requests it logged in the sample's second (a sample at time t,
    which covers (t − 1, t], takes each second's count in proportion to their overlap)."""
    per_second = collections.defaultdict(collections.Counter)
    for t, _, _, instance in requests_at(directory):
        per_second[instance][int(t)] += 1
    return [(r["time"], r["instance"], r["cpu"], in_sample(lambda k: per_second[r["instance"]][k], r["time"]))
            for r in rows(Path(directory) / "demo-cpu-instances.csv") if r["instance"] in ready]


def instcpu(directory):
    """Prints the simulator's --host-instance-cpu-factor for a recorded run: a warm instance's CPU per request in the
    demo over the profiled instance's at concurrency 1. The demo's is the slope of a least-squares line of each
    instance's CPU (each sampled second, demo-cpu-instances.csv) over the requests it logged in the same second (a CPU
    sample at time t, which covers (t − 1, t], takes each second's count in proportion to their overlap), over the
    instance-seconds at least WARM seconds after the instance's first passed health check, pooled: a starting
    instance's CPU is the simulator's --host-start-cpu and a young one's extra CPU its --cold-cpu-factor, so they are
    left out here. The profile's is its first point's CPU over its
    throughput (the demo's instances, each at tens of requests per second, serve about one request at a time, as the
    profile's first step did). The factor multiplies the model's CPU (profile-shop-used.json's, at its measured
    points) in the simulation. Prints `FACTOR DEMO_MS PROFILE_MS`."""
    ready = readies(directory)
    xs, ys = [], []
    for end, i, cpu, served in instance_samples(directory, ready):
        if end - 1 - ready[i] >= WARM:
            xs.append(served)
            ys.append(cpu)
    if len(xs) < 10 or len(set(xs)) < 2:
        sys.exit(f"instcpu: {len(xs)} warm instance-seconds with CPU samples (expected: 10 or more, at varied rates)")
    slope, _ = statistics.linear_regression(xs, ys)
    first = json.loads((Path(directory) / "profile-shop.json").read_text())["sizes"][0]["points"][0]
    if first["concurrency"] != 1:
        sys.exit(f"instcpu: the profile's first point is at concurrency {first['concurrency']} (expected: 1)")
    alone = first["cpu-m"] / 1000 / first["throughput"]
    print(f"{slope / alone:.2f} {slope * 1000:.2f}ms {alone * 1000:.2f}ms")


def used(directory):
    """Prints the millicores the profiled instance used when it was busiest: the mean of the top quarter of its
    per-second CPU over the profile (the saturated steps), from profile-cpu.csv."""
    cpu = sorted((r["children"] for r in rows(Path(directory) / "profile-cpu.csv")), reverse=True)
    top = cpu[:max(1, len(cpu) // 4)]
    print(f"{round(statistics.mean(top) * 1000)}m")


def startcpu(directory, ready_ms):
    """Prints the millicores a starting instance takes for the simulator's --host-start-cpu, and the CPU-seconds one
    start costs: the CPU the demo's first instances used from their launch until the first request reached them (the
    sampler counts a process's CPU since it started), shared among them, spread over READY_MS, the start-to-ready the
    simulation uses, so that a simulated start takes as much CPU as a real one."""
    first = min(r[0] for r in requests_at(directory))
    launched = [t for t in launches(directory).values() if t <= first]
    cpu = rows(Path(directory) / "demo-cpu.csv")
    # each row is a rate over the interval since the one before (a second and the time a /proc scan took)
    used = sum(r["children"] * (r["time"] - p["time"]) for p, r in zip(cpu, cpu[1:]) if r["time"] <= first + 0.5)
    seconds = (used + (cpu[0]["children"] if cpu else 0)) / max(1, len(launched))
    print(f"{round(seconds / (int(ready_ms.removesuffix('ms')) / 1000) * 1000)}m {seconds:.2f}")


def coldstart(directory):
    """Prints the simulator's --cold-factor and --cold-decay for the instances of a recorded run. Per wall second,
    the requests of each instance younger than WARM seconds (since its first passed health check) are set against the
    mean time per request of the instances older than that in the same second (the shop's own logs); pooled by age in
    2-second bins (each bin's ratio: its young requests' total time over what the old ones' means would have made
    it), they are fitted to m(a) = 1 + (F - 1)·e^(-a / T) (`decay_fit`). A slower instance also queues more, so the
    ratio is an upper bound of the cost alone."""
    ready = readies(directory)
    by_second = collections.defaultdict(lambda: collections.defaultdict(list))
    for t, _, duration, instance in requests_at(directory):
        if instance in ready:
            by_second[int(t)][instance].append(duration)
    bins = collections.defaultdict(lambda: [0.0, 0.0, 0])  # young time, old-mean time, requests
    for second, instances in by_second.items():
        old = [d for i, ds in instances.items() if second + 0.5 - ready[i] >= WARM for d in ds]
        if len(old) < 5:
            continue
        base = statistics.mean(old)
        for i, ds in instances.items():
            age = second + 0.5 - ready[i]
            if 0 <= age < WARM:
                b = bins[int(age // 2)]
                b[0] += sum(ds)
                b[1] += base * len(ds)
                b[2] += len(ds)
    factor, decay = decay_fit(bins)
    print(f"{factor:.2f} {round(decay * 1000)}ms")


def coldcpu(directory):
    """Prints the simulator's --cold-cpu-factor and --cold-cpu-decay for the instances of a recorded run: as
    coldstart, with each instance's CPU per request (demo-cpu-instances.csv over the requests it logged in the
    sample's second, as instcpu takes them) against the old instances' in the same sample. A young JVM compiles the
    code its requests run on threads of its own, so its CPU per request stays high after its requests have become
    fast: the two decay differently."""
    ready = readies(directory)
    samples = collections.defaultdict(dict)  # sample time: {instance: (cpu, requests)}
    for end, i, cpu, served in instance_samples(directory, ready):
        samples[end][i] = (cpu, served)
    bins = collections.defaultdict(lambda: [0.0, 0.0, 0])  # young CPU, old-rate CPU, requests
    for end, instances in samples.items():
        old = [(c, n) for i, (c, n) in instances.items() if end - 1 - ready[i] >= WARM and n > 0]
        served = sum(n for _, n in old)
        if served < 5:
            continue
        base = sum(c for c, _ in old) / served
        for i, (c, n) in instances.items():
            age = end - 0.5 - ready[i]
            if 0 <= age < WARM and n > 0:
                b = bins[int(age // 2)]
                b[0] += c
                b[1] += base * n
                b[2] += n
    factor, decay = decay_fit(bins)
    print(f"{factor:.2f} {round(decay * 1000)}ms")


def erlang_stretch(rho, cores):
    """M/M/c's mean response time over its service time at utilization RHO (< 1) with CORES servers."""
    a = cores * rho
    below = sum(a ** k / math.factorial(k) for k in range(cores))
    top = a ** cores / math.factorial(cores) / (1 - rho)
    return 1 + top / (below + top) / (cores * (1 - rho))


def stretch(*directories):
    """Prints, as a Markdown table, how many times its time alone a warm instance's request took by how busy the
    machine was in its second (demo-cpu.csv's host-busy over the cores, in tenths), pooled over DIRECTORIES, beside
    M/M/c's mean response over service at that utilization (`horizon sim --host-contention`). A request's time alone
    is its kind's mean over the warm requests in the seconds the machine was under 0.3 busy; an instance is warm
    WARM seconds after its first passed health check. Those seconds wait a little already, so the M/M/c column is
    over M/M/c's mean in them (request-weighted), as the measured one is over theirs."""
    bins = collections.defaultdict(lambda: [0.0, 0.0, 0])  # time, time alone, requests
    base = [0.0, 0]  # M/M/c's stretch summed over the requests of the baseline seconds, and their count
    cores = 0
    for directory in directories:
        d = Path(directory)
        machine = int(open(d / "demo-cpu.csv").readline().split()[1])
        if cores and machine != cores:
            sys.exit(f"stretch: {directory} ran on {machine} cores, the others on {cores}")
        cores = machine
        ready = readies(d)
        busy = {math.floor(r["time"] - 0.5): r["host-busy"] / cores for r in rows(d / "demo-cpu.csv")}
        warm = [(t, k, ms) for t, k, ms, i in requests_at(d) if i in ready and t - ready[i] >= WARM
                and int(t) in busy]
        alone = collections.defaultdict(list)
        for t, k, ms in warm:
            if busy[int(t)] < 0.3:
                alone[k].append(ms)
                base[0] += erlang_stretch(busy[int(t)], cores)
                base[1] += 1
        means = {k: statistics.mean(v) for k, v in alone.items() if len(v) >= 20}
        for t, k, ms in warm:
            if k in means:
                b = bins[min(10, round(busy[int(t)] * 10))]
                b[0] += ms
                b[1] += means[k]
                b[2] += 1
    print(f"| machine busy | requests | time over time alone | M/M/{cores} |")
    print("|---:|---:|---:|---:|")
    under = base[0] / base[1] if base[1] else 1
    for k in sorted(bins):
        t, a, n = bins[k]
        mmc = f"{erlang_stretch(k / 10, cores) / under:.2f}" if k < 10 else "∞"
        print(f"| {k / 10:.1f} | {n} | {t / a:.2f} | {mmc} |")


def decay_fit(bins):
    """(F, T seconds) of m(a) = 1 + (F - 1)·e^(-a / T) fitted to BINS ({k: [young, what old would be, requests]}
    for the ages [2k, 2k + 2) s) at each bin's middle, by least squares weighted by the bin's requests (a grid: F from
    1 to 10 in steps of 0.05, T from 0.5 to 30 s in steps of 0.25 s); (1, 10) without a bin."""
    points = [(k * 2 + 1, young / old, n) for k, (young, old, n) in bins.items() if old > 0]
    if not points:
        return 1.0, 10.0
    best = None
    for fi in range(0, 181):
        factor = 1 + fi * 0.05
        for ti in range(2, 121):
            decay = ti * 0.25
            err = sum(w * (r - 1 - (factor - 1) * math.exp(-a / decay)) ** 2 for a, r, w in points)
            if best is None or err < best[0]:
                best = (err, factor, decay)
    return best[1], best[2]


def readies(directory):
    """{instance: epoch seconds of its first passed health check}, from the demo's horizon.log."""
    ready = {}
    for line in open(Path(directory) / "horizon.log"):
        m = re.match(r"(\S+) horizon: (shop-\d+) (\S+) -> (\S+):", line)
        if m and m.group(3) == "STARTING" and m.group(4) == "WARMING":
            ready[m.group(2)] = stamp(m.group(1))
    return ready


def relabel(model, cpu):
    """Rewrites MODEL's one curve as measured at CPU (what the instance really used at its peak), not the machine's
    cores the profile records for an unlimited instance."""
    j = json.loads(Path(model).read_text())
    if len(j["sizes"]) != 1:
        sys.exit(f"relabel: {model} has {len(j['sizes'])} sizes (expected: the one of an unlimited instance)")
    j["sizes"][0]["cpu"] = cpu
    Path(model).write_text(json.dumps(j, indent=2) + "\n")


def mix(directory):
    """Prints the --mix and --body arguments of the shoppers' mix in this run: each kind of request's share of the
    requests the instances logged (percent, at least 1), the login first so each profile user has a session; a
    logout is left out (after it the cycle's requests would answer 401 until the next login)."""
    counts = {}
    for _, path, _ in requests(directory):
        counts[path] = counts.get(path, 0) + 1
    counts.pop("POST /logout", None)
    total = sum(counts.values())
    order = ["POST /login"] + sorted((p for p in counts if p != "POST /login"), key=lambda p: -counts[p])
    entries = [f"{p}:{max(1, round(counts[p] / total * 100))}" for p in order if p in counts]
    print(",".join(entries))


def evidence(directory):
    print("Start-to-ready of each instance (launch to first passed health check, horizon.log): " + ", ".join(
        f"{i} {s:.1f} s" for i, s in start_to_ready(directory).items()) + ".")
    print()
    phases = phases_of(directory)
    reqs = requests(directory)
    print("The shop's own time per request (its logs, server side; mean / p50 / p95 ms) by phase:")
    print()
    print("| request | share | " + " | ".join(p["phase"] for p in phases) + " |")
    print("|---|---:|" + "---:|" * len(phases))
    by_path = {}
    for t, path, d in reqs:
        by_path.setdefault(path, []).append((t, d))
    for path, ds in sorted(by_path.items(), key=lambda kv: -len(kv[1])) + [("all", [(t, d) for t, _, d in reqs])]:
        cells = []
        for p in phases:
            v = sorted(d for t, d in ds if p["start-seconds"] <= t < p["start-seconds"] + p["seconds"])
            cells.append("-" if not v else f"{statistics.mean(v):.0f} / {v[len(v) // 2]:.0f} / "
                                               f"{v[min(len(v) - 1, int(len(v) * 0.95))]:.0f}")
        print(f"| {path} | {len(ds) / len(reqs) * 100:.0f} % | " + " | ".join(cells) + " |")
    print()


def main(directory):
    d = Path(directory)
    real = rows(d / "instances.csv")
    sim = rows(d / "sim" / "timeline.csv")
    phases = phases_of(d)
    summary = json.loads((d / "sim" / "summary.json").read_text())
    return compare(real, sim, phases, summary)


def compare(real, sim, phases, summary):

    print("| peak | real | simulated | target |")
    print("|---|---:|---:|---|")
    rp, sp = peak(real, "instances"), peak(sim, "instances")
    print(f"| instances (starting + warming + ready + draining) | {rp} | {sp} | equal: "
          f"{'met' if rp == sp else 'missed'} |")
    print(f"| ready instances | {peak(real, 'ready')} | {peak(sim, 'ready')} | |")
    print()
    real_up, sim_up = reached(real), reached(sim)
    print("| scale-out: the fleet reaches | real (s) | simulated (s) | difference (s) | within 2 s |")
    print("|---|---:|---:|---:|---|")
    for n in sorted(set(real_up) | set(sim_up)):
        r, s = real_up.get(n), sim_up.get(n)
        diff = "-" if r is None or s is None else f"{s - r:+d}"
        ok = "no" if r is None or s is None else ("yes" if abs(s - r) <= 2 else "no")
        print(f"| {n} instances | {'never' if r is None else r} | {'never' if s is None else s} | {diff} | {ok} |")
    print()
    real_steps, sim_steps = steps(real), steps(sim)
    print("| fleet change, in order | real (s) | simulated (s) | difference (s) | within 2 s |")
    print("|---|---:|---:|---:|---|")
    for i in range(max(len(real_steps), len(sim_steps))):
        r = real_steps[i] if i < len(real_steps) else None
        s = sim_steps[i] if i < len(sim_steps) else None
        change = " / ".join(sorted({f"{x[1]} → {x[2]}" for x in (r, s) if x is not None}))
        diff = "-" if r is None or s is None else f"{s[0] - r[0]:+d}"
        ok = "-" if r is None or s is None else ("yes" if abs(s[0] - r[0]) <= 2 else "no")
        print(f"| {change} | {'-' if r is None else r[0]} | {'-' if s is None else s[0]} | {diff} | {ok} |")
    print()
    print("Simulated decisions that changed the fleet: " + ", ".join(
        f"{c['time']:g}s {c['from']}→{c['to']}" for c in summary["decisions"]) + ".")
    print()
    windows = {w["name"]: w for w in summary.get("windows", [])}
    print("| phase | window (s) | requests real / simulated | shed real / simulated | shoppers' p95 (ms) "
          "| simulated p95 (ms) | sim vs shoppers | gateway p95, estimated (ms) | simulated, estimated (ms) "
          "| sim vs gateway |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for p in phases:
        start = p.get("began-seconds", p["start-seconds"])
        end = start + p["seconds"]
        g, s = phase_p95(real, start, end), phase_p95(sim, start, end)
        w = windows.get(p["phase"])
        exact = w["p95-ms"] if w is not None and w["p95-ms"] is not None else math.nan
        arrivals = sum(r["arrivals"] for r in sim if start <= r["time"] + 0.5 < end)
        shed = sum(r.get("shed", 0) for r in sim if start <= r["time"] + 0.5 < end)
        print(f"| {p['phase']} | {start:g}–{end:g} | {p['requests']} / {arrivals:.0f} | {p.get('shed', '-')} / "
              f"{shed:.0f} | {ms(p['p95-ms'])} | {ms(exact)} | {pct(exact, p['p95-ms'])} | {ms(g)} | {ms(s)} "
              f"| {pct(s, g)} |")
    print()
    print(f"Simulated: {summary['requests']} requests, {summary['served']} served, {summary['rejected']} rejected "
          f"({summary.get('shed', 0)} of them shed by the concurrency limit), {summary['timed-out']} timed out; p95 of the run {summary['p95-ms']:.1f} ms.")


def twin(first, second):
    """The demo run again against itself: two recordings of the same `horizon demo` (same seed, same machine) with the
    simulator's targets — the peak, each count's first second, each phase's shoppers' p95 — so that the simulation's
    misses can be read against how closely the real system reproduces itself. One Markdown row."""
    a, b = Path(first), Path(second)
    ra, rb = rows(a / "instances.csv"), rows(b / "instances.csv")
    pa = phases_of(a)
    pb = {p["phase"]: p for p in phases_of(b)}
    up_a, up_b = reached(ra), reached(rb)
    diffs = [up_b[n] - up_a[n] for n in sorted(set(up_a) & set(up_b))]
    within = sum(1 for d in diffs if abs(d) <= 2)
    counts = len(set(up_a) | set(up_b))
    cells = []
    for p in pa:
        q = pb.get(p["phase"])
        if q is None:
            cells.append("-")
            continue
        change = (q["p95-ms"] - p["p95-ms"]) / p["p95-ms"] * 100
        text = f"{p['p95-ms']:.1f} / {q['p95-ms']:.1f} ({change:+.1f} %)"
        cells.append(f"**{text}**" if abs(change) > 20 else text)
    peaks = f"{peak(ra, 'instances')} / {peak(rb, 'instances')}"
    shed = ", ".join(f"{p['phase']} {p.get('shed', '-')} → {pb[p['phase']].get('shed', '-')}" for p in pa
                      if p["phase"] in pb and (p.get("shed") or pb[p["phase"]].get("shed")))
    print(f"| {peaks} | {within} of {counts} ({', '.join(f'{d:+d}' for d in diffs)}) | " + " | ".join(cells)
          + f" | {shed or '0'} |")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "measure":
        measure(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "sample":
        sample(int(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "reserved":
        reserved(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "startcpu":
        startcpu(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "coldstart":
        coldstart(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "coldcpu":
        coldcpu(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == "stretch":
        stretch(*sys.argv[2:])
    elif len(sys.argv) == 3 and sys.argv[1] == "restline":
        restline(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "instcpu":
        instcpu(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "used":
        used(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "relabel":
        relabel(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "mix":
        mix(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "twin":
        twin(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "evidence":
        evidence(sys.argv[2])
    elif len(sys.argv) == 3:
        d = Path(sys.argv[1])
        compare(rows(d / "instances.csv"), rows(d / sys.argv[2] / "timeline.csv"),
                phases_of(d),
                json.loads((d / sys.argv[2] / "summary.json").read_text()))
    else:
        sys.exit("usage: compare.py DIR [SIMDIR] | measure DIR | evidence DIR | mix DIR | reserved DIR | "
                 "restline DIR | used DIR | startcpu DIR READY | coldstart DIR | coldcpu DIR | instcpu DIR | "
                 "stretch DIR... | twin DIR DIR | sample PID OUT | relabel MODEL CPU "
                 "(DIR with the demo's instances.csv, phases.json, horizon.log, instances/*.log; SIMDIR, default sim, "
                 "under it with timeline.csv and "
                 "summary.json)")
