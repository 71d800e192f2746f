"""The measuring half of bench/vertical/run (see there for what is measured): drives load with wrk, resizes through
the admin API and the `horizon resize` verb, polls the admin API, the instances' /metrics and their cgroups, and
prints Markdown (or, for `step`, one run's figures as JSON for `step-report`). Settings come from the environment
run exports. Usage: driver.py capacity HZPID | resize HZPID | step HZPID STRATEGY RUN | step-report RUNS."""
import glob
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

E = os.environ
ADMIN, LISTEN = E["ADMIN"], E["LISTEN"]
TOKEN = E["HORIZON_ADMIN_TOKEN"]
children = []


def stop(*_):
    raise SystemExit(1)


signal.signal(signal.SIGTERM, stop)


def get(path, timeout=2):
    with urllib.request.urlopen(f"http://127.0.0.1:{ADMIN}{path}", timeout=timeout) as r:
        return json.loads(r.read())


def instances():
    return get("/admin/services/work/instances")


def post_resize(cpu):
    req = urllib.request.Request(f"http://127.0.0.1:{ADMIN}/admin/services/work/resize",
                                 data=json.dumps({"cpu": cpu}).encode(), method="POST",
                                 headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, r.read().decode().strip()


def served(address):
    """backend_requests_total of the instance at address, or None when it does not answer."""
    try:
        with urllib.request.urlopen(f"http://{address}/metrics", timeout=1) as r:
            for line in r.read().decode().splitlines():
                if line.startswith("backend_requests_total "):
                    return float(line.split()[1])
    except Exception:
        return None
    return None


def group_usage_s(hz):
    """CPU seconds used by every instance this horizon up has run: the cpuacct (v1) or cpu.stat (v2) of its group,
    which keeps the usage of instance groups already removed."""
    for path in glob.glob(f"/sys/fs/cgroup/cpuacct/horizon/{hz}-*/cpuacct.usage"):
        return int(open(path).read()) / 1e9
    for path in glob.glob(f"/sys/fs/cgroup/unified/horizon/{hz}-*/cpu.stat") + glob.glob(
            f"/sys/fs/cgroup/horizon/{hz}-*/cpu.stat"):
        for line in open(path):
            if line.startswith("usage_usec "):
                return int(line.split()[1]) / 1e6
    sys.exit(f"no cgroup of horizon up (pid {hz}) under /sys/fs/cgroup/cpuacct/horizon or /sys/fs/cgroup/horizon")


def proc_cpu_s(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk(conns, seconds, threads=1, think=False, latency=False):
    args = ["wrk", f"-t{threads}", f"-c{conns}", f"-d{seconds}s", "--timeout", "10s"]
    if think:
        args += ["-s", f"{E['WORK']}/think.lua"]
    if latency:
        args.append("--latency")
    p = subprocess.Popen(args + [f"http://127.0.0.1:{LISTEN}/work"], stdout=subprocess.PIPE, text=True)
    children.append(p)
    return p


def await_in_service(n, seconds=90):
    deadline = time.time() + seconds
    while True:
        try:
            s = instances()
            if s["in_service"] >= n:
                return s
        except Exception:
            pass
        if time.time() > deadline:
            sys.exit(f"fewer than {n} instances in service after {seconds} s")
        time.sleep(0.1)


def median(values):
    return statistics.median(values) if values else float("nan")


SIZES = ["250m", "500m", "1000m", "2000m"]


def capacity(hz):
    rounds, settle, duration = int(E["CAP_ROUNDS"]), float(E["CAP_SETTLE"]), float(E["CAP_DURATION"])
    s = await_in_service(1)
    address = s["instances"][0]["address"]
    rows = {size: [] for size in SIZES}
    for rnd in range(1, rounds + 1):
        for size in SIZES:
            verb = subprocess.run([E["JAVA"], "-jar", E["JAR"], "resize", "work", "--cpu", size, "--admin",
                                   f"127.0.0.1:{ADMIN}"], capture_output=True, text=True)
            if verb.returncode != 0:
                sys.exit(f"horizon resize work --cpu {size}: exit {verb.returncode}: {verb.stdout}{verb.stderr}")
            load = wrk(int(E["CAP_CONNS"]), int(settle + duration + 1), threads=2)
            time.sleep(settle)
            c0, u0, g0, t0 = served(address), group_usage_s(hz), proc_cpu_s(hz), time.time()
            api = []
            while time.time() - t0 < duration:
                time.sleep(1)
                api.append(next(i["cpu_m"] for i in instances()["instances"] if i["address"] == address))
            c1, u1, g1, t1 = served(address), group_usage_s(hz), proc_cpu_s(hz), time.time()
            load.wait()
            dt = t1 - t0
            row = {"rps": (c1 - c0) / dt, "cpu_m": (u1 - u0) / dt * 1000, "gw_m": (g1 - g0) / dt * 1000,
                   "api_m": median(api[1:]), "verb": verb.stdout.strip(), "load": os.getloadavg()[0]}
            rows[size].append(row)
            print(f"running: round {rnd}, {size}: {row['rps']:.0f} req/s, instance {row['cpu_m']:.0f}m, "
                  f"gateway {row['gw_m']:.0f}m", file=sys.stderr)
    base = median([r["rps"] for r in rows["250m"]])
    print(f"### Capacity against size (one instance, `--cpu-cost=2ms --concurrency={E['CONCURRENCY']}`, "
          f"wrk -c{E['CAP_CONNS']}, median of {rounds} × {duration:.0f} s)\n")
    print("| size | req/s | × 250m | instance CPU used (cgroup) | admin API cpu_m | gateway CPU | "
          "req/s per core used | every round (req/s) |")
    print("|---|---|---|---|---|---|---|---|")
    for size in SIZES:
        rs = rows[size]
        rps, cpu = median([r["rps"] for r in rs]), median([r["cpu_m"] for r in rs])
        print(f"| {size} | {rps:.0f} | {rps / base:.2f} | {cpu:.0f}m | {median([r['api_m'] for r in rs]):.0f}m | "
              f"{median([r['gw_m'] for r in rs]):.0f}m | {rps / cpu * 1000:.0f} | "
              f"{', '.join(format(r['rps'], '.0f') for r in rs)} |")
    print(f"\n`horizon resize` said, e.g.: `{rows['1000m'][0]['verb']}`\n")


def resize(hz):
    count, hold = int(E["RESIZES"]), float(E["RESIZE_HOLD"])
    address = await_in_service(1)["instances"][0]["address"]
    post_resize("250m")
    total = 4 + 2 * count * hold
    load = wrk(int(E["CAP_CONNS"]), int(total + 2), threads=2)
    samples = []
    done = threading.Event()

    def poll():
        while not done.is_set():
            c = served(address)
            if c is not None:
                samples.append((time.time(), c))
            time.sleep(0.1)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    time.sleep(4)
    calls = []
    for _ in range(count):
        for frm, to in (("250m", "1000m"), ("1000m", "250m")):
            t = time.time()
            status, body = post_resize(to)
            if status != 200:
                sys.exit(f"resize to {to}: {status} {body}")
            calls.append((frm, to, t, time.time() - t, body))
            time.sleep(hold)
    done.set()
    poller.join()
    load.wait()

    def rate(a, b):
        pts = [(t, c) for t, c in samples if a <= t <= b]
        return (pts[-1][1] - pts[0][1]) / (pts[-1][0] - pts[0][0])

    results = {"250m→1000m": [], "1000m→250m": []}
    for frm, to, t, took, _ in calls:
        old, new = rate(t - 3, t), rate(t + hold - 3, t + hold)
        grow = to == "1000m"
        reached = None
        after = [(ts, c) for ts, c in samples if ts >= t]
        for i, (ti, ci) in enumerate(after):
            j = next((k for k in range(i + 1, len(after)) if after[k][0] >= ti + 0.25), None)
            if j is None:
                break
            r = (after[j][1] - ci) / (after[j][0] - ti)
            if (grow and r >= 0.9 * new) or (not grow and r <= 1.1 * new):
                reached = after[j][0] - t
                break
        results[f"{frm}→{to}"].append((reached, took, old, new))
    print(f"### Time from a resize call to the new throughput (one instance under wrk -c{E['CAP_CONNS']}, "
          f"{count} resizes each way, {hold:.0f} s apart)\n")
    print("| resize | the POST took | POST → 250 ms window at the new rate (median) | every resize | "
          "req/s before → after (median) |")
    print("|---|---|---|---|---|")
    for name, rs in results.items():
        reach = [r[0] for r in rs if r[0] is not None]
        every = ", ".join("—" if r[0] is None else f"{r[0]:.2f} s" for r in rs)
        print(f"| {name} | {median([r[1] for r in rs]) * 1000:.0f} ms | {median(reach):.2f} s | {every} | "
              f"{median([r[2] for r in rs]):.0f} → {median([r[3] for r in rs]):.0f} |")
    print(f"\nThe admin API answered, e.g.: `{calls[0][4]}`\n")


def step(hz, strategy, run):
    think, low, high = int(E["THINK_MS"]), int(E["STEP_LOW"]), int(E["STEP_HIGH"])
    low_s, high_s = float(E["STEP_LOW_S"]), float(E["STEP_HIGH_S"])
    await_in_service(1)
    time.sleep(3)
    samples = []  # (t, in_service, alive, capacity_m, reserved_m, cpu_m, shape, memory_bytes)
    counters = {}  # address -> last counter
    served_at = []  # (t, requests served so far, over every instance)
    total = 0.0
    u0, g0 = group_usage_s(hz), proc_cpu_s(hz)
    t0 = time.time()
    base = wrk(low, int(low_s + high_s), threads=1, think=True)
    stepped = None
    while time.time() - t0 < low_s + high_s:
        if stepped is None and time.time() - t0 >= low_s:
            stepped = wrk(high - low, int(high_s), threads=2, think=True, latency=True)
        s = instances()
        now = time.time() - t0
        live = [i for i in s["instances"] if i["state"] not in ("stopped", "failed")]
        ready = [i for i in live if i["state"] == "in_service"]
        for i in live:
            if i.get("address"):
                c = served(i["address"])
                if c is not None:
                    total += c - counters.get(i["address"], 0.0)
                    counters[i["address"]] = c
        sizes = sorted({i["size"]["cpu"] for i in ready})
        samples.append((now, len(ready), len(live), sum(i["size"]["cpu_m"] for i in ready),
                        sum(i["size"]["cpu_m"] for i in live), sum(i.get("cpu_m") or 0 for i in live),
                        f"{len(ready)}×{'/'.join(sizes)}", sum(i.get("memory_bytes") or 0 for i in live)))
        served_at.append((now, total))
        time.sleep(0.2)
    u1, g1, t1 = group_usage_s(hz), proc_cpu_s(hz), time.time()
    base.wait()
    out = stepped.communicate()[0] if stepped else ""
    lat = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("50%", "99%"):
            lat[parts[0]] = parts[1]
        if "Non-2xx" in line or "Socket errors" in line:
            lat["errors"] = line.strip()
    print(json.dumps({"strategy": strategy, "run": run, "low_s": low_s, "samples": samples, "served": served_at,
                      "cpu_s": u1 - u0, "gateway_s": g1 - g0, "seconds": t1 - t0, "latency": lat,
                      "load": os.getloadavg()[0]}))


def analyse(d):
    low_s, end = d["low_s"], d["seconds"]
    pts = d["served"]

    def at(x):  # requests served by time x, interpolated between polls
        for (ta, ca), (tb, cb) in zip(pts, pts[1:]):
            if ta <= x <= tb:
                return ca + (cb - ca) * (x - ta) / (tb - ta) if tb > ta else cb
        return pts[-1][1] if x > pts[-1][0] else pts[0][1]

    bins = []  # served rate per second, from the step on
    k = low_s
    while k + 1 <= pts[-1][0]:
        bins.append(at(k + 1) - at(k))
        k += 1
    low_rate = (at(low_s) - at(low_s - 5)) / 5
    plateau = median(bins[-10:])
    relieved = next((i for i, b in enumerate(bins) if b >= 0.9 * plateau), None)
    stays = next((i for i in range(len(bins)) if all(b >= 0.9 * plateau for b in bins[i:])), None)
    first20 = (at(low_s + 20) - at(low_s)) / (20 * plateau) * 100
    after = [s for s in d["samples"] if s[0] >= low_s]
    final_cap = after[-1][3]
    settled = next(s[0] for i, s in enumerate(after) if all(x[3] == final_cap for x in after[i:])) - low_s
    shapes, times = [], []
    for s in d["samples"]:
        if s[1] and (not shapes or shapes[-1] != s[6]):
            shapes.append(s[6])
            times.append(s[0] - low_s)
    reserved = sum((b[0] - a[0]) * a[4] for a, b in zip(d["samples"], d["samples"][1:])) / 1000
    api_used = sum((b[0] - a[0]) * a[5] for a, b in zip(d["samples"], d["samples"][1:])) / 1000
    return {"low": low_rate, "plateau": plateau, "relieved": relieved, "settled": settled, "stays": stays,
            "first20": first20, "bins": " ".join(f"{b:.0f}" for b in bins),
            "max_ready": max(s[1] for s in d["samples"]), "memory_mib": max(s[7] for s in d["samples"]) / 2**20, "max_alive": max(s[2] for s in d["samples"]),
            "final_cap": final_cap, "cpu_s": d["cpu_s"], "api_s": api_used, "reserved_s": reserved,
            "gateway_s": d["gateway_s"], "seconds": end, "path": " → ".join(
                f"{sh} ({t:+.1f} s)" for sh, t in zip(shapes, times)),
            "p50": d["latency"].get("50%", "?"), "p99": d["latency"].get("99%", "?"),
            "errors": d["latency"].get("errors", "none"), "load": d["load"]}


def step_report(runs):
    work = E["WORK"]
    res = {st: [analyse(json.load(open(f"{work}/step-{st}-{r}.json"))) for r in range(1, runs + 1)]
           for st in ("vertical-first", "horizontal")}
    print(f"### Vertical-first against horizontal on one load step (median of {runs} runs each)\n")
    print(f"Load: wrk with {E['THINK_MS']} ms think time per request, {E['STEP_LOW']} connections for "
          f"{E['STEP_LOW_S']} s, then {E['STEP_HIGH']} for {E['STEP_HIGH_S']} s. Times are from the step.\n")
    print("| strategy | req/s before → plateau | overload relieved | served in the step's first 20 s | "
          "capacity settled | instances used "
          "(in service / started) | final capacity | CPU·s used (cgroups) | CPU·s by admin cpu_m | "
          "CPU·s reserved (sizes × time) | gateway CPU·s | peak memory of instances | step p50 / p99 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for st, rs in res.items():
        m = lambda key: median([r[key] for r in rs])
        relieved = [r["relieved"] for r in rs if r["relieved"] is not None]
        rel = f"{median(relieved):.0f} s" + ("" if len(relieved) == len(rs) else
                                              f" ({len(rs) - len(relieved)} runs: not within the run)")
        print(f"| {st} | {m('low'):.0f} → {m('plateau'):.0f} | {rel} | {m('first20'):.0f} % of the plateau | "
              f"{m('settled'):.1f} s | "
              f"{m('max_ready'):.0f} / {m('max_alive'):.0f} | {m('final_cap'):.0f}m | {m('cpu_s'):.1f} | "
              f"{m('api_s'):.1f} | {m('reserved_s'):.1f} | {m('gateway_s'):.1f} | {m('memory_mib'):.0f} MiB | "
              f"{rs[0]['p50']} / {rs[0]['p99']} (run 1) |")
    print("\nEvery run (in-service shapes, time from the step):\n")
    for st, rs in res.items():
        for i, r in enumerate(rs, 1):
            print(f"- {st} run {i}: relieved {'—' if r['relieved'] is None else r['relieved']} s "
                  f"(stays ≥ 90 % from {'—' if r['stays'] is None else r['stays']} s), "
                  f"capacity settled {r['settled']:.1f} s, "
                  f"plateau {r['plateau']:.0f} req/s, CPU·s {r['cpu_s']:.1f} used / {r['reserved_s']:.1f} reserved, "
                  f"p50/p99 {r['p50']}/{r['p99']}, errors: {r['errors']}, load {r['load']:.1f}; {r['path']}; "
                  f"req/s each second from the step: {r['bins']}")
    print("\n\"Overload relieved\": the first whole second after the step whose served rate (sum of the instances' "
          "backend_requests_total) reaches 90 % of the plateau (median of the last 10 s); on a shared machine the "
          "rate dips below that later for reasons of the machine (see every second's rate), so \"stays ≥ 90 %\" is "
          "given per run but is noise-bound. \"Served in the first 20 s\": requests served in the 20 s after the "
          "step ÷ (20 s × plateau), a backlog measure that one slow second does not decide. "
          "\"Capacity settled\": the time until the in-service CPU (sum of the sizes of in-service instances) "
          "reaches its final value for good. CPU·s are over the whole run (low phase and step).\n")


if __name__ == "__main__":
    try:
        mode = sys.argv[1]
        if mode == "capacity":
            capacity(sys.argv[2])
        elif mode == "resize":
            resize(sys.argv[2])
        elif mode == "step":
            step(sys.argv[2], sys.argv[3], sys.argv[4])
        elif mode == "step-report":
            step_report(int(sys.argv[2]))
    finally:
        for p in children:
            if p.poll() is None:
                p.terminate()
                p.wait()
