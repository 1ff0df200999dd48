#!/usr/bin/env python3
"""Closed-loop load against a SageMaker-style /invocations endpoint on this machine (stdlib only).

N clients each send the same image back to back for a fixed number of requests (bounded in count and time);
prints requests/s and latency percentiles as one JSON line. Loopback targets only.
"""
import argparse, json, statistics, sys, threading, time, urllib.request
from urllib.parse import urlparse


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True, help="base URL, e.g. http://127.0.0.1:8080")
    p.add_argument("--image", required=True)
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--requests", type=int, default=10, help="requests per client")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--max-seconds", type=float, default=900)
    p.add_argument("--label", default="server")
    p.add_argument("--save", help="write one response body here (to compare both servers' detections)")
    a = p.parse_args()
    host = urlparse(a.url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("load.py only targets loopback addresses")
    body = open(a.image, "rb").read()
    ctype = "image/png" if body[:8] == b"\x89PNG\r\n\x1a\n" else "image/jpeg"

    def post():
        req = urllib.request.Request(a.url + "/invocations?score_threshold=0.5", data=body, headers={"Content-Type": ctype})
        with urllib.request.urlopen(req, timeout=300) as r:
            payload = r.read()
            if r.status != 200:
                raise RuntimeError(r.status)
        return payload

    for _ in range(a.warmup):
        payload = post()
    if a.save:
        with open(a.save, "wb") as f:
            f.write(payload if a.warmup else post())
    latencies, errors = [], []
    deadline = time.monotonic() + a.max_seconds
    lock = threading.Lock()

    def client():
        for _ in range(a.requests):
            if time.monotonic() > deadline:
                return
            t0 = time.perf_counter()
            try:
                post()
                with lock:
                    latencies.append(time.perf_counter() - t0)
            except Exception as e:  # noqa: BLE001 - counted and reported
                with lock:
                    errors.append(repr(e))

    threads = [threading.Thread(target=client) for _ in range(a.clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    lat = sorted(latencies)
    print(json.dumps({
        "label": a.label, "clients": a.clients, "ok": len(lat), "errors": len(errors),
        "requests_per_s": round(len(lat) / wall, 3) if wall > 0 else None,
        "p50_s": round(statistics.median(lat), 3) if lat else None,
        "p95_s": round(lat[min(len(lat) - 1, int(0.95 * len(lat)))], 3) if lat else None,
        "wall_s": round(wall, 2),
    }))


if __name__ == "__main__":
    main()
