#!/usr/bin/env python3
"""Open-loop HTTP/1.1 load at a fixed rate (wrk2-style: requests leave on schedule whatever the answers do, so a
slow server cannot slow the load down), over keep-alive connections opened as needed. Prints one JSON line:
offered rate, 2xx per second (goodput), other answers per second, and the p50/p99 of 2xx answers in ms, each
latency measured from the request's scheduled start (no coordinated omission)."""
import asyncio
import json
import sys
import time


async def one(host, port, path, idle, started, results):
    conn = idle.pop() if idle else None
    try:
        if conn is None:
            conn = await asyncio.open_connection(host, port)
        reader, writer = conn
        writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
        await writer.drain()
        status_line = await reader.readline()
        status = int(status_line.split()[1])
        length = 0
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        await reader.readexactly(length)
        now = time.monotonic()
        results.append((status, now - started, now))
        idle.append(conn)
    except Exception:  # a reset or refused connection counts as a failure, not a crash of the generator
        now = time.monotonic()
        results.append((0, now - started, now))


async def run(url, rate, seconds):
    hostport, _, path = url.removeprefix("http://").partition("/")
    host, _, port = hostport.partition(":")
    idle, results, tasks = [], [], []
    interval = 1.0 / rate
    begin = time.monotonic()
    n = int(rate * seconds)
    for i in range(n):
        due = begin + i * interval
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(host, int(port), "/" + path, idle, due, results)))
    await asyncio.wait(tasks, timeout=60)
    ok = sorted(lat for status, lat, _ in results if 200 <= status < 300)
    other = sum(1 for status, _, _ in results if not 200 <= status < 300)
    # rates over the time the answers took to arrive, not the time the requests took to leave: a server that queues
    # a backlog answers its last request long after the sending stopped, and its goodput is what it served per second
    elapsed = max([seconds] + [done - begin for _, _, done in results])
    pct = lambda p: round(ok[min(len(ok) - 1, int(p * len(ok)))] * 1000, 1) if ok else None
    print(json.dumps({"offered_rps": rate, "goodput_rps": round(len(ok) / elapsed, 1),
                      "other_rps": round(other / elapsed, 1), "p50_ms": pct(0.50), "p99_ms": pct(0.99),
                      "sent": n, "answered": len(results), "seconds": round(elapsed, 1)}))


if __name__ == "__main__":
    asyncio.run(run(sys.argv[1], float(sys.argv[2]), float(sys.argv[3])))
